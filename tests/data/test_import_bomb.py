"""An .xlsx decompression bomb is refused before openpyxl inflates it, in the admin and the command."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from catalogue.importing import import_file, readers
from catalogue.models import Product

from .helpers import row, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT_URL = "/en/admin/catalogue/product/import/"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def with_extra_members(workbook: bytes, members: dict[str, bytes]) -> bytes:
    """The workbook with more parts added, as an attacker's zip tool would."""
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def bomb() -> bytes:
    # 40 MB of zeros deflate to ~40 KB: the ratio a bomb needs, in a file small enough to upload.
    return with_extra_members(xlsx_bytes([row(1)]), {"xl/media/padding.bin": bytes(40 * 1024 * 1024)})


def messages(report):
    return [problem.message for problem in report.problems]


def test_a_highly_compressed_part_is_refused_with_a_clear_message():
    data = bomb()
    assert len(data) < 200 * 1024
    report = import_file(data, "register.xlsx", dry_run=False)
    assert not report.ok
    [message] = messages(report)
    assert "would take too much memory to open" in message and "compressed" in message
    assert Product.objects.count() == 0


def test_too_many_parts_are_refused():
    parts = {f"xl/media/{n}.txt": b"x" for n in range(readers.XLSX_MAX_MEMBERS + 1)}
    report = import_file(with_extra_members(xlsx_bytes([row(1)]), parts), "register.xlsx", dry_run=True)
    assert "parts inside" in messages(report)[0]


def test_too_much_unpacked_in_total_is_refused(monkeypatch):
    # Incompressible parts: each one's ratio is fine, their sum is not.
    monkeypatch.setattr(readers, "XLSX_MAX_TOTAL_BYTES", 3 * 1024 * 1024)
    parts = {f"xl/media/{n}.bin": bytes(range(256)) * 4096 for n in range(4)}  # 1 MB each
    report = import_file(with_extra_members(xlsx_bytes([row(1)]), parts), "register.xlsx", dry_run=True)
    assert "more than 3 MB unpacked" in messages(report)[0]


def test_an_ordinary_workbook_still_imports():
    report = import_file(xlsx_bytes([row(n) for n in range(1, 200)]), "register.xlsx", dry_run=False)
    assert report.ok and Product.objects.count() == 199


def test_the_admin_upload_refuses_the_bomb(staff_client):
    response = staff_client.post(IMPORT_URL, {"file": SimpleUploadedFile("register.xlsx", bomb())})
    assert response.status_code == 200
    assert "would take too much memory to open" in response.text
    assert 'name="token"' not in response.text and Product.objects.count() == 0


def test_the_command_refuses_the_bomb(tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(bomb())
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_catalogue", str(path))
    assert "would take too much memory to open" in capsys.readouterr().err
    assert Product.objects.count() == 0
