"""ocop_site.settings.production, with one change so it runs without `collectstatic`: static
files from the source folders instead of the hashed manifest. Used by test_production.py."""

from ocop_site.settings.production import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
