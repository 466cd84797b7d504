"""Local development: `make run`. SQLite by default, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
STORAGES["staticfiles"] = {  # noqa: F405 -- no collectstatic needed while developing
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
