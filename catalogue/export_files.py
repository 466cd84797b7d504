"""The full open-data files (/products/export.csv and .xlsx without filters), built once per
content version and day, outside any visitor's request, and served from disk.

Building the .xlsx of 18,000 products takes ~24 s of CPU (17 s at 54,000 on a faster machine):
built inside a request it held a worker past gunicorn's 30 s timeout, the worker was killed, the
download failed and the next request started again. So a request never builds a file itself:

- the file of the current content version and day is on disk: it is served;
- it is not: a build starts in the background (a thread of this process; at most one per file
  across all workers, by a non-blocking file lock), and the request gets the newest older file
  meanwhile (yesterday's, or the one before the last change), or, when there is none at all
  (a new installation before `manage.py build_exports` ran), None: the view answers "being
  prepared, try again shortly" (503 with Retry-After).

A file is written to a temporary name and renamed, so nobody ever reads half a file; the other
versions' files are deleted once the new one exists (a download already reading one keeps its
open handle). `manage.py build_exports` builds both in the foreground (after a deploy, a large
import, and from cron just after midnight), so visitors rarely see an older file at all.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from catalogue import exporting
from ocop_site.page_cache import current_version

FORMATS = ("csv", "xlsx")
PREFIX = "products-"

logger = logging.getLogger(__name__)

# The builds this process has running (extension -> thread): a request does not start another.
_running: dict[str, threading.Thread] = {}
_running_lock = threading.Lock()


def _root() -> Path:
    root = Path(settings.EXPORTS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def current_path(extension: str) -> Path:
    """Where the file of the current content version and day is (or will be)."""
    assert extension in FORMATS
    return _root() / f"{PREFIX}{current_version()}-{timezone.localdate().isoformat()}.{extension}"


def _write(extension: str, out) -> None:
    queryset = exporting.export_queryset({})
    if extension == "csv":
        for piece in exporting.csv_chunks(queryset):
            out.write(piece)
    else:
        exporting.write_xlsx(queryset, out)


def build(extension: str, path: Path | None = None, *, wait: bool = True) -> bool:
    """Build the file at ``path`` (the current one by default) unless it exists. With
    ``wait=False``, give up at once (False) when another thread or process is building it."""
    path = path or current_path(extension)
    root = path.parent
    with open(root / f".{extension}.lock", "w") as lock:
        try:  # released when the lock file closes, or when the process dies
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        if path.exists():  # built by whoever held the lock before us
            return True
        # Half-written files of a build whose process was killed (a worker recycled or timed
        # out mid-build): nobody else can be writing one while we hold the lock.
        for orphan in root.glob(f".building-*.{extension}"):
            orphan.unlink(missing_ok=True)
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
    return True


def _build_in_background(extension: str, path: Path) -> None:
    try:
        build(extension, path, wait=False)
    except Exception:  # logged, and the next request for the file starts another try
        logger.exception("building the full export %s failed", path.name)
    finally:
        connections.close_all()  # this thread's own connections
        with _running_lock:
            _running.pop(extension, None)


def start_build(extension: str, path: Path) -> threading.Thread | None:
    """Start building ``path`` in a background thread, unless this process already is."""
    with _running_lock:
        if extension in _running:
            return None
        thread = threading.Thread(target=_build_in_background, args=(extension, path),
                                  name=f"build-export-{extension}")
        _running[extension] = thread
    thread.start()
    return thread


def wait_for_builds(timeout: float | None = None) -> None:
    """Wait for this process's background builds (tests, and commands that need the files)."""
    with _running_lock:
        threads = list(_running.values())
    for thread in threads:
        thread.join(timeout)


def newest_file(extension: str) -> Path | None:
    """The newest full file on disk of any version, or None."""
    files = []
    for path in _root().glob(f"{PREFIX}*.{extension}"):
        try:
            files.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # deleted by a build that just finished
            continue
    return max(files)[1] if files else None


def full_export(extension: str) -> Path | None:
    """The file to serve now: the current one when it is built, else the newest older one while
    the current one is built in the background (or in this request, when
    settings.EXPORTS_BUILD_IN_BACKGROUND is off), else None (nothing on disk yet)."""
    path = current_path(extension)
    if path.exists():
        return path
    if not settings.EXPORTS_BUILD_IN_BACKGROUND:
        build(extension, path)
        return path
    start_build(extension, path)
    return newest_file(extension)
