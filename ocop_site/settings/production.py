"""Production: gunicorn behind a TLS-terminating proxy, PostgreSQL, Redis."""

import copy

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: refuse to start without a real key

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Reminders go out by SMTP: the local relay unless EMAIL_URL names another server.
globals().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
FACET_CACHE_SECONDS = env.int("FACET_CACHE_SECONDS", default=300)  # noqa: F405

# One JSON object per line on stdout, and a line for every request (ocop_site/logs.py).
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
LOGGING["loggers"]["ocop.request"]["level"] = env("REQUEST_LOG_LEVEL", default="INFO")
