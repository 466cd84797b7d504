"""Our translation catalogues are complete: every message of our code has its Vietnamese text,
and no catalogue has an empty or fuzzy entry or anything msgfmt --check objects to (issue #14)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import trans_real

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(ROOT.glob("locale/*/vi/LC_MESSAGES/*.po"))
# Our code: the apps and the project's templates (tests, the venv and vendored files are not ours).
SOURCES = ["catalogue", "showrooms", "events", "staff", "ocop_site", "templates", "inspections",
           "reminders", "reports", "versioning"]


def test_there_are_catalogues():
    assert any(p.parent.parent.parent.name == "i18n" for p in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_empty_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    empty = [e.msgid for e in catalogue if not e.obsolete and not (
        e.msgstr or (e.msgid_plural and all(e.msgstr_plural.values())))]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert not empty, f"untranslated: {empty}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_check_finds_no_error(path, tmp_path):
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="xgettext (gettext) is not installed")
def test_every_message_of_our_code_has_vietnamese(tmp_path):
    """What ``makemessages -l vi`` extracts from our code, looked up in the catalogues Django
    merges for Vietnamese (ours, Django's, the packages'): none may be missing."""
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name,
                            ignore=shutil.ignore_patterns("__pycache__", "migrations", "static", "*.mo"))
    (tmp_path / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    django_admin = [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete"]
    subprocess.run(django_admin, cwd=tmp_path, env=env, check=True, capture_output=True)
    extracted = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))

    catalog = trans_real.translation("vi")._catalog
    missing = []
    for entry in extracted:
        key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            key = (key, 0)
        if key not in catalog:
            missing.append(entry.msgid)
    assert not missing, f"{len(missing)} messages have no Vietnamese: {missing}"
