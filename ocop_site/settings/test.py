"""pytest: SQLite in memory unless DATABASE_URL points elsewhere (CI also runs PostgreSQL)."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="ocop-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="ocop-test-static-")
IMPORT_UPLOAD_DIR = tempfile.mkdtemp(prefix="ocop-test-imports-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests that want the suggestions cache turn it on (tests/catalogue/test_search_suggest.py).
SEARCH_SUGGEST_CACHE_SECONDS = 0
# The property tests fetch filtered exports hundreds of times from one address; the limit itself
# is tested with a small value (tests/data/test_export_files.py).
EXPORT_RATE_LIMIT = 100_000
# A background build could not see a test's data (inside the test's transaction): the request
# builds the file itself; tests/data/test_export_background.py turns the background build on.
EXPORTS_BUILD_IN_BACKGROUND = False
