"""Settings shared by every environment. Whatever differs between machines comes from the
environment (see README "Configuration")."""

import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a convenience for developers; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "ocop_site.apps.OcopSiteConfig",  # first: day-first date errors for every form (ocop_site/formats/)
    "modeltranslation",  # before the admin, as its docs require
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "csp",
    "ocop_site.apps.AxesConfig",  # django-axes, named in the admin's language
    "catalogue",
    "showrooms",
    "events",
    "reports",
    "inspections",  # post-inspections; depends on catalogue, never the reverse
    "reminders",  # certificate expiry reminders (send_expiry_reminders); depends on catalogue
    "versioning",  # the content version every process reads (cached pages, lookups)
    "staff",  # after the apps whose permissions its roles hand out
]

MIDDLEWARE = [
    "ocop_site.health.HealthCheckMiddleware",  # first: /healthz needs nothing below
    "ocop_site.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # As early as possible: a cached page needs only the URL and "no session cookie". A stored
    # page keeps the headers the middleware below added (CSP, Permissions-Policy, Vary, ...), so
    # a hit runs none of them.
    "ocop_site.page_cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "ocop_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "ocop_site.urls"
WSGI_APPLICATION = "ocop_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # A web request is small and many run at once: a parallel plan's workers doubled the CPU of
    # a filtered list's facet counts (39 ms against 21 ms) for no shorter answer on 2 cores.
    _options.setdefault("options", "-c max_parallel_workers_per_gather=0")
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Parameters bound by the server, and a query run twice on a connection prepared there:
        # PostgreSQL stops planning the same product page's queries on every request (planning
        # was most of its database time: ~8 ms of CPU down to ~2 ms). Off behind a pooler in
        # transaction mode (pgbouncer), which cannot keep prepared statements.
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# A hung Redis must cost a fraction of a second, once per worker (ocop_site/cache.py): the
# client gives up after REDIS_TIMEOUT_SECONDS, then the worker skips Redis for
# CACHE_BREAKER_SECONDS. Everything in the cache can be recomputed from the database.
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=0.25)
CACHE_BREAKER_SECONDS = env.float("CACHE_BREAKER_SECONDS", default=15)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ocop_site.cache.BreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ocop",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# After signing in at /admin/login/?next=<somewhere not on this site>: the admin, not a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Sign-in throttling (django-axes): 5 failed attempts for one username from one client address
# lock that pair out for 15 minutes; a successful sign-in clears the count. Staff can lift a
# lockout early in the admin ("Access attempts") or with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "ocop_site.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ocop_site.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ocop_site.network.client_ip"
# How many proxies we run in front of the app (load balancer, TLS terminator) that each append
# the address they saw to X-Forwarded-For. 0: ignore the header (it is client-controlled) and use
# the socket address. Never set it higher than the real number of proxies.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Staff sessions end when the browser closes, and after 8 hours at most.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the default language, served without a URL prefix; English lives under /en/.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# One catalogue per feature under locale/<feature>/vi/LC_MESSAGES/django.po (hand-kept, compiled
# by `make`); Django merges them, so features translate their own strings without conflicts.
LOCALE_PATHS = sorted(p for p in (BASE_DIR / "locale").iterdir() if p.is_dir())
USE_I18N = True
# Day-first dates (05/11/2026) to type and to read, in both languages: ocop_site/formats/. The
# same input formats are the fallback where no language is active (commands), so nothing anywhere
# reads a date month first.
FORMAT_MODULE_PATH = ["ocop_site.formats"]
from ocop_site.formats.day_first import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: E402, F401
# Translated content (django-modeltranslation; see the README, "Content in two languages"): each
# field registered in an app's translation.py gets <field>_vi and <field>_en columns; reading
# <field> gives the page's language, an empty English text falls back to the Vietnamese.
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_LANGUAGES = ("vi", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("vi",), "vi": ()}
# No automatic copying between languages: an English column left empty is "English missing".
MODELTRANSLATION_AUTO_POPULATE = False


def _localized_verbose_name(verbose_name, language):
    # Imported when first used: ocop_site.translation needs the apps loaded.
    from ocop_site.translation import localized_verbose_name

    return localized_verbose_name(verbose_name, language)


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _localized_verbose_name
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media (uploaded photos) on S3-compatible object storage when a bucket is configured, so any
# number of app servers share them (needs the `s3` extra: pip install ".[s3]"). Credentials come
# from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role), read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_STORAGE = env("MEDIA_STORAGE", default="s3" if AWS_STORAGE_BUCKET_NAME else "local")
# Where media is served from, if not our own origin (allowed in the CSP's img-src).
MEDIA_ORIGIN = env("MEDIA_ORIGIN", default="")
if MEDIA_STORAGE == "s3":
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default="") or None  # e.g. a CDN in front
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph, ...
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "default_acl": None,  # the bucket policy decides (public read for products/ etc.)
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            # Names are random and never reused: browsers may keep a photo for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if not MEDIA_ORIGIN:  # where S3Storage's URLs will point
        _endpoint = STORAGES["default"]["OPTIONS"]["endpoint_url"]
        _region = STORAGES["default"]["OPTIONS"]["region_name"]
        if AWS_S3_CUSTOM_DOMAIN:
            MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
        elif _endpoint:
            MEDIA_ORIGIN = "/".join(_endpoint.split("/")[:3])  # scheme://host[:port]
        else:
            MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region + '.' if _region else ''}amazonaws.com"

# Uploads beyond this are refused before they reach a form (images are at most 10 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spreadsheet imports in the admin: the upload limit, and where a file waits between preview and
# confirm (private to the app; with several app servers, a directory they share).
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# The full open-data exports, built once per content version (catalogue/export_files.py).
EXPORTS_ROOT = env.path("EXPORTS_ROOT", default=Path(MEDIA_ROOT) / "exports")
# Off, a request that finds no current file builds it itself (the tests, whose data a background
# thread could not see inside the test's transaction).
EXPORTS_BUILD_IN_BACKGROUND = env.bool("EXPORTS_BUILD_IN_BACKGROUND", default=True)
# Behind nginx: the internal location that serves EXPORTS_ROOT (e.g. "/_exports/"); the app
# then answers a full-file download with X-Accel-Redirect and nginx sends the bytes. Empty: the
# worker sends the file itself.
EXPORTS_ACCEL_REDIRECT = env("EXPORTS_ACCEL_REDIRECT", default="")
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=20000)  # a filtered export above this: 400
EXPORT_RATE_LIMIT = env.int("EXPORT_RATE_LIMIT", default=10)  # filtered exports per address ...
EXPORT_RATE_SECONDS = env.int("EXPORT_RATE_SECONDS", default=60)  # ... within this many seconds
IMPORT_UPLOAD_DIR = env.path("IMPORT_UPLOAD_DIR", default=Path(tempfile.gettempdir()) / "ocop-imports")

# Whole-page cache for anonymous visitors (ocop_site/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
# With Redis, its copy of the content version is trusted this long, then read from the database
# again: the most a change can stay unseen when its writer could not raise the copy.
PAGE_CACHE_VERSION_COPY_SECONDS = env.float("PAGE_CACHE_VERSION_COPY_SECONDS", default=1.0)
# With Redis, each worker also keeps copies of the pages it read from there (bounded by the
# bodies' total size), so a hit on a popular page reads only the version's copy from Redis.
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)
# Facet counts of the product list and home page, cached the same way (stale on any change) for
# the page views the page cache misses: other pages and sort orders of the same filters, staff.
FACET_CACHE_SECONDS = env.int("FACET_CACHE_SECONDS", default=0)
# Rendered pieces of pages each worker keeps (catalogue/fragments.py), in characters of text
# (1-2 bytes each: 8 M is ~16 MB a worker at most); 0 = none kept.
FRAGMENT_CACHE_CHARS = env.int("FRAGMENT_CACHE_CHARS", default=8 * 1024 * 1024)
# Search suggestions (/search/suggest) kept in the cache, stale on any change to the catalogue;
# also their Cache-Control max-age. 0 = computed on every request.
SEARCH_SUGGEST_CACHE_SECONDS = env.int("SEARCH_SUGGEST_CACHE_SECONDS", default=60)

# `make bench` instrumentation (ocop_site/bench.py); never set in production.
BENCH_MODE = env.bool("BENCH_MODE", default=False)
if BENCH_MODE:
    MIDDLEWARE.insert(0, "ocop_site.bench.QueryCountMiddleware")

SITE_NAME = _("OCOP Hà Nội")
# The office behind the site, shown in every page's footer (ocop_site/context_processors.py).
# The defaults are the demo's illustrative values: set the real ones in production. A text with
# an ``_EN`` twin is shown in English under /en/ (the Vietnamese one when the twin is empty).
SITE_OWNER_NAME = env("SITE_OWNER_NAME", default="Văn phòng Điều phối Chương trình OCOP thành phố Hà Nội")
SITE_OWNER_NAME_EN = env("SITE_OWNER_NAME_EN", default="Hanoi OCOP Programme Coordination Office")
SITE_OWNER_ADDRESS = env("SITE_OWNER_ADDRESS", default="Số 38 Tô Hiệu, phường Hà Đông, Hà Nội")
SITE_OWNER_ADDRESS_EN = env("SITE_OWNER_ADDRESS_EN", default="38 Tô Hiệu, Hà Đông ward, Hà Nội")
SITE_OWNER_PHONE = env("SITE_OWNER_PHONE", default="024 3382 0000")
SITE_OWNER_HOTLINE = env("SITE_OWNER_HOTLINE", default="1900 0000")
SITE_OWNER_EMAIL = env("SITE_OWNER_EMAIL", default="ocop@hanoi.gov.vn")
SITE_OWNER_HOURS = env("SITE_OWNER_HOURS", default="Thứ Hai – Thứ Sáu, 8:00–12:00 và 13:30–17:00")
SITE_OWNER_HOURS_EN = env("SITE_OWNER_HOURS_EN", default="Monday – Friday, 8:00–12:00 and 13:30–17:00")
SITE_OWNER_LEGAL = env(
    "SITE_OWNER_LEGAL",
    default="Dữ liệu theo các quyết định công nhận sản phẩm OCOP của Ủy ban nhân dân thành phố Hà Nội.")
SITE_OWNER_LEGAL_EN = env(
    "SITE_OWNER_LEGAL_EN",
    default="Data from the OCOP certification decisions of the Hanoi People's Committee.")
PRODUCTS_PER_PAGE = 24

# Logs go to stdout: plain lines here, JSON lines in production (LOG_FORMAT=json). Every line
# logged while serving a request carries its request id; ocop.request logs one line per request.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ocop_site.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "ocop_site.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # runserver already prints a line per request; production sets this to INFO.
        "ocop.request": {"level": env("REQUEST_LOG_LEVEL", default="WARNING")},
    },
}

# Background tiles of the showroom maps (Leaflet, vendored). Empty: markers on a plain background.
# Its origin is added to the Content-Security-Policy's img-src below.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
_tiles = urlsplit(MAP_TILE_URL)
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}" if _tiles.netloc else ""

# Security headers sent in every environment, so a template that breaks them breaks in
# development too (production.py adds HSTS, secure cookies and the HTTPS redirect).
# No 'unsafe-inline' anywhere: JS and CSS live in static files; data reaches JS through data-*
# attributes or json_script. The Django admin (5.2) and simple-history need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for small inline images (admin icons); the showroom maps' tile server.
        "img-src": [SELF, "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else []),
                    *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Only the showroom locator's "use my location" needs a browser feature; everything else is off.
# camera=(self): the verify form's "Scan the label" (asked for on click only).
PERMISSIONS_POLICY = "geolocation=(self), camera=(self), microphone=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# The public address of the site ("https://ocop.hanoi.gov.vn"), used in absolute links that
# leave the site: QR labels, /verify/….json. Empty: taken from each request's host.
SITE_URL = env("SITE_URL", default="")

# Reports of suspicious labels (/report/) are e-mailed to these addresses (comma-separated; empty:
# none, they wait in the admin's queue). Mail goes through Django's mail settings, from EMAIL_URL
# (e.g. smtp+tls://user:password@smtp.example.vn:587; default: printed to the console).
REPORTS_EMAIL = env.list("REPORTS_EMAIL", default=[])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OCOP Hà Nội <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# The city's OCOP office: gets the daily summary of expiry reminders (send_expiry_reminders),
# producers without an e-mail listed in it; empty = no summary.
OCOP_OFFICE_EMAIL = env("OCOP_OFFICE_EMAIL", default="")
