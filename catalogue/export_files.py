"""The full open-data files (/products/export.csv and .xlsx without filters), built once per
content version and served from disk.

Building the .xlsx of 54,000 products takes ~17 s: doing it per request let three downloads
stall every worker. The first request after a change (or after midnight, when certificates
expire) builds the file under a file lock, so concurrent first requests build it once; the
others wait for it and then read it. It is written to a temporary name and renamed, so nobody
ever reads half a file; the previous versions' files are deleted once the new one exists (a
download already reading one keeps its open handle).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from catalogue import exporting
from ocop_site.page_cache import current_version

FORMATS = ("csv", "xlsx")
PREFIX = "products-"


def _root() -> Path:
    root = Path(settings.EXPORTS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _write(extension: str, out) -> None:
    queryset = exporting.export_queryset({})
    if extension == "csv":
        for piece in exporting.csv_chunks(queryset):
            out.write(piece)
    else:
        exporting.write_xlsx(queryset, out)


def full_export(extension: str) -> Path:
    """The path of the full export for the current content version and day, built if missing."""
    assert extension in FORMATS
    root = _root()
    path = root / f"{PREFIX}{current_version()}-{timezone.localdate().isoformat()}.{extension}"
    if path.exists():
        return path
    with open(root / f".{extension}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if path.exists():  # built by whoever held the lock before us
            return path
        with tempfile.NamedTemporaryFile(dir=root, prefix=".building-", suffix=f".{extension}",
                                         delete=False) as out:
            try:
                _write(extension, out)
            except BaseException:
                os.unlink(out.name)
                raise
        os.replace(out.name, path)
        for old in root.glob(f"{PREFIX}*.{extension}"):
            if old != path:
                old.unlink(missing_ok=True)
    return path
