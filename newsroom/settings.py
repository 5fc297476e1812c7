"""Settings for the 区报 newsroom CMS, driven by environment variables.

- ``DATABASE_URL``: ``sqlite:///var/newsroom.sqlite3`` (the default) or ``postgres://user:pass@host:port/db``.
- ``DJANGO_SECRET_KEY``: required when ``DJANGO_DEBUG=0``.
- ``DJANGO_DEBUG``: 1 (default, a development install) or 0 (production).
- ``DJANGO_ALLOWED_HOSTS``: comma-separated; defaults to 127.0.0.1,localhost when debugging.
- ``REDIS_URL``: ``redis://host:6379/0`` puts the page cache (``newsroom.cache``) in Redis, shared by every
  process of every machine; otherwise it is kept in files under ``NEWSROOM_PAGE_CACHE_DIR`` (``var/cache``), shared
  by every process of one machine.
- ``NEWSROOM_PAGE_CACHE_SECONDS``: how long an anonymous reader's page may be kept (300; 0 turns it off).
- ``NEWSROOM_EPAPER_MAX_PDF_PAGES`` (32), ``NEWSROOM_EPAPER_MAX_IMAGE_PIXELS`` (60000000): the page import's limits.
- ``DJANGO_MEDIA_ROOT``, ``DJANGO_MEDIA_URL``: where uploads are kept and served from (``var/media``, ``/media/``);
  ``DJANGO_MEDIA_S3_BUCKET`` (with ``DJANGO_MEDIA_S3_ENDPOINT_URL``, ``_REGION``, ``_CUSTOM_DOMAIN``, ``_HTTPS``
  and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) keeps them in S3-compatible object storage instead.
"""

from __future__ import annotations

import os
from datetime import timedelta
from functools import partial
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import ImproperlyConfiguredEnv, env_bool, env_list, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ

try:
    DEBUG = env_bool(ENV, "DJANGO_DEBUG", True)
    # Persistent connections in production (a new PostgreSQL connection costs a few ms), checked before reuse so
    # a restarted server costs one failed request at most.
    _database = partial(
        parse_database_url,
        base_dir=BASE_DIR,
        conn_max_age=int(ENV.get("DATABASE_CONN_MAX_AGE", "0" if DEBUG else "600")),
        conn_health_checks=True,
    )
    DATABASES = {"default": _database(ENV.get("DATABASE_URL", "sqlite:///var/newsroom.sqlite3"))}
    # Streaming replicas for readers' pages (newsroom/routers.py): replica1, replica2 … Writes, the admin and
    # management commands stay on the primary.
    REPLICAS = [f"replica{i}" for i, _ in enumerate(env_list(ENV, "DATABASE_REPLICA_URLS", []), 1)]
    for _alias, _url in zip(REPLICAS, env_list(ENV, "DATABASE_REPLICA_URLS", []), strict=True):
        DATABASES[_alias] = _database(_url, name="DATABASE_REPLICA_URLS", test_options={"MIRROR": "default"})
    # PostgreSQL plans a reader page's few small queries for longer than it runs them: a query a connection has
    # run 5 times becomes a prepared statement, planned once (psycopg's server-side binding and prepared
    # statements; Django turns them off by default). DATABASE_PREPARED_STATEMENTS=0 behind a pooler that cannot
    # keep them (PgBouncer in transaction mode before 1.21).
    if env_bool(ENV, "DATABASE_PREPARED_STATEMENTS", True):
        for _entry in DATABASES.values():
            if _entry["ENGINE"].endswith("postgresql"):
                _entry.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
except ImproperlyConfiguredEnv as exc:
    raise ImproperlyConfigured(str(exc)) from exc
except ValueError as exc:
    raise ImproperlyConfigured("DATABASE_CONN_MAX_AGE must be a whole number of seconds") from exc
DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"] if REPLICAS else []

DEV_SECRET_KEY = "django-insecure-development-only-do-not-use-in-production"
SECRET_KEY = ENV.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0 (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production: use 50 random characters.")

ALLOWED_HOSTS = env_list(ENV, "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's host names when DJANGO_DEBUG=0.")

# Security (issue 7). On by default when DJANGO_DEBUG=0; each part can be set by its variable, so the site runs
# behind a TLS-terminating proxy (DJANGO_SECURE_PROXY_SSL_HEADER=1: trust its X-Forwarded-Proto) or, for a
# smoke test, on plain HTTP (DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0). HSTS is opt-in.
try:
    SECURE_SSL_REDIRECT = env_bool(ENV, "DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(ENV, "DJANGO_SECURE_COOKIES", not DEBUG)
    SECURE_HSTS_SECONDS = int(ENV.get("DJANGO_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(ENV, "DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool(ENV, "DJANGO_HSTS_PRELOAD", False)
    BEHIND_TLS_PROXY = env_bool(ENV, "DJANGO_SECURE_PROXY_SSL_HEADER", False)
except (ImproperlyConfiguredEnv, ValueError) as exc:
    raise ImproperlyConfigured(str(exc)) from exc
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR = BEHIND_TLS_PROXY  # the proxy's X-Forwarded-For names the client
# Admin login throttle (django-axes, newsroom/auth.py): 5 failures for one user name from one address lock that
# pair for 15 minutes after the last failure, even for the right password. The counts are rows in the database,
# so every worker and machine shares them (a per-process cache gave each worker its own 5 tries).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries while locked are refused, not counted
AXES_RESET_ON_SUCCESS = True  # a successful login clears that pair's count
AXES_CLIENT_IP_CALLABLE = "newsroom.auth.client_address"  # REMOTE_ADDR, or the proxy's X-Forwarded-For entry
AXES_LOCKOUT_CALLABLE = "newsroom.auth.lockout_response"  # the login page with the message below, status 429
AXES_COOLOFF_MESSAGE = "登录失败次数过多，该账号已被暂时锁定，请 15 分钟后再试。"
AXES_DISABLE_ACCESS_LOG = True  # keep failure counts only, not a row for every successful login
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True  # the admin posts forms; no script reads the cookies
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (Django 5.2's admin loads all its JavaScript by src); the header is set by
# django-csp's CSPMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

INSTALLED_APPS = [
    "newsroom.admin_app.AdminConfig",  # SimpleAdminConfig: the admin modules load with the URLs, not in every command
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "newsroom.axes_app.AxesConfig",  # django-axes, named in Chinese in the admin
    "django_filters",
    "reversion",
    "people",
    "articles",
    "newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.middleware.NulRejectingMiddleware",
    "newsroom.middleware.XmlSafeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "newsroom.routers.ReplicaReadsMiddleware",
    # After the replica is chosen (the generation is read there), before sessions, auth and messages: a cached
    # page for a reader without a session or messages cookie is served without them.
    "newsroom.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into newsroom.auth.lockout_response.
    "axes.middleware.AxesMiddleware",
]

# django-axes' backend first: it refuses a locked user name and address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        # The reader site, templates/jinja2/: rendered on every request without fragment caches, and its lists
        # of cards and indexes of hundreds of links cost several times less in Jinja2 than in Django's engine.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "autoescape": True,
            "context_processors": ["newsroom.context_processors.site"],
        },
    },
    {
        # The editors' admin: templates/admin/ and the apps' own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The project's own translations (locale/zh_Hans): strings Django 5.2's zh-Hans catalogs and django-axes lack.
# The compiled .mo files are committed, so neither running nor testing needs gettext.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
# WhiteNoise serves static files with caching headers. `collectstatic` (production) writes hashed, compressed
# copies that are cached for a year; a development checkout and the tests serve the files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True  # also serve from static/ directly, so a checkout works before collectstatic
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start while it is missing
# Uploaded files (articles' photos and their renditions, people's photos): the local folder MEDIA_ROOT by default,
# served by `make run` (DEBUG) and in production by the proxy (docs/deploy.md); with DJANGO_MEDIA_S3_BUCKET, an
# S3-compatible bucket through django-storages (pip install -e ".[s3]"), for sites on several machines.
MEDIA_URL = ENV.get("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(ENV.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_S3_BUCKET = ENV.get("DJANGO_MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment (boto3 reads them).
            "endpoint_url": ENV.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,  # MinIO, OSS, COS…
            "region_name": ENV.get("DJANGO_MEDIA_S3_REGION") or None,
            # A public-read bucket (or a CDN in front of it): plain URLs, cacheable, not signed per request.
            "querystring_auth": False,
            "custom_domain": ENV.get("DJANGO_MEDIA_S3_CUSTOM_DOMAIN") or None,  # img.example.cn
            "url_protocol": "https:" if env_bool(ENV, "DJANGO_MEDIA_S3_HTTPS", True) else "http:",
            "file_overwrite": False,
            "default_acl": None,
            # Names are random and never rewritten: a rendition may be cached for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Pictures from another origin (a bucket, a CDN) are allowed by the Content-Security-Policy.
_media_origins = [u for u in (MEDIA_URL, ENV.get("DJANGO_MEDIA_S3_ENDPOINT_URL", ""),
                              ENV.get("DJANGO_MEDIA_S3_CUSTOM_DOMAIN", "")) if u]
for _origin in _media_origins:
    if "://" in _origin:
        _origin = "/".join(_origin.split("/", 3)[:3])
    elif "." in _origin.split("/")[0]:
        _origin = "https://" + _origin.split("/")[0]
    else:
        continue
    if _origin not in CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_origin)

SITE_NAME = ENV.get("NEWSROOM_SITE_NAME", "高新区报")

# The cache of whole reader pages (newsroom.cache), shared by every process that serves readers: Redis with
# REDIS_URL (several machines), else files under var/cache (one machine). Bounded in entries, and outside the
# workers' memory. The tests use local memory (tests/conftest.py).
REDIS_URL = ENV.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": ENV.get("NEWSROOM_PAGE_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5_000},  # a page is 10-60 KB: 300 MB of disk at most
        }
    }
try:
    PAGE_CACHE_SECONDS = int(ENV.get("NEWSROOM_PAGE_CACHE_SECONDS", "300"))
except ValueError as exc:
    raise ImproperlyConfigured("NEWSROOM_PAGE_CACHE_SECONDS must be a whole number of seconds") from exc

# The e-paper's import (issue 17): how many pages one PDF may bring (a whole edition; more is refused before
# any is read), and the most pixels a scan may have (a decompression bomb is refused before it is decoded).
try:
    EPAPER_MAX_PDF_PAGES = int(ENV.get("NEWSROOM_EPAPER_MAX_PDF_PAGES", "32"))
    EPAPER_MAX_IMAGE_PIXELS = int(ENV.get("NEWSROOM_EPAPER_MAX_IMAGE_PIXELS", "60000000"))
except ValueError as exc:
    raise ImproperlyConfigured("NEWSROOM_EPAPER_MAX_PDF_PAGES and _MAX_IMAGE_PIXELS must be whole numbers") from exc

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] != ":memory:":
    # A fresh clone has no var/ yet; SQLite cannot create the file's folder itself.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
