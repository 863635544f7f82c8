"""DevZone settings, read from the environment (django-environ).

Every value has a safe local default: with nothing set, DevZone runs on SQLite
on this machine only (loopback host names), with Celery tasks inline and DEBUG
off. Production sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and
REDIS_URL; DEBUG is on only where someone sets it.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

# Tracebacks, settings and URL lists on error pages: never by default, since a
# forgotten DEBUG=false would show them to the network.
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
# A local run (the demo, tests, a developer's machine) sets no SECRET_KEY and
# answers only to loopback names: it gets a development key, plain-HTTP cookies
# and static files served from the source tree. Anything answering to another
# host name must set its own key, or Django refuses to start.
LOCAL = not env.str("SECRET_KEY", default="") and set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS
SECRET_KEY = env.str("SECRET_KEY", default="devzone-local-development-only" if LOCAL else "")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "devzone.core",
    "devzone.stats",
    "devzone.projects",
    "devzone.approvals",
    "devzone.desk",
    "devzone.incentives",
]

MIDDLEWARE = [
    "devzone.core.observability.RequestIdMiddleware",
    "devzone.core.observability.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "devzone.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "devzone.core.replica.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "devzone.core.middleware.CurrentZoneMiddleware",
]

ROOT_URLCONF = "devzone.urls"
WSGI_APPLICATION = "devzone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "devzone" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "devzone.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE transactions take
    # the write lock up front so concurrent writers wait (busy timeout) instead
    # of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL streaming replica for the region viewers' reporting pages
# (core/replica.py); without one, everything reads the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["devzone.core.replica.ReplicaRouter"]
REPLICA_READ_VIEWS = [
    "stats:ranking",
    "stats:dashboard_index",
    "stats:dashboard",
    "stats:compare",
]
# After a write, its author reads the primary this long (the replica's lag is
# well under it).
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Failed logins per username or per address within the window before refusing.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=15)

# Proxies of our own in front of DevZone (each appends to X-Forwarded-For). 0: the
# socket's address is the client and X-Forwarded-For is ignored (core/network.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Language and time ------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "devzone" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded imports and finished exports go through this storage: an S3-compatible
# object store shared by several machines is a matter of FILE_STORAGE_BACKEND
# and FILE_STORAGE_OPTIONS (JSON), not of code (see docs/deployment.md).
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOCAL or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# A local run serves static files from the source tree (no collectstatic), also
# with DEBUG off (runserver serves none: whitenoise.runserver_nostatic).
WHITENOISE_USE_FINDERS = LOCAL or DEBUG
WHITENOISE_AUTOREFRESH = LOCAL or DEBUG
# `manage.py backup` writes here unless given a directory.
BACKUP_ROOT = env.path("BACKUP_ROOT", default=BASE_DIR / "var" / "backups")
# Imports accept at most this many bytes; Django's own limits guard other bodies.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# An .xlsx is refused before it is opened if it unpacks to more than this, or
# a sheet declares or reaches more rows, columns or cells (the reader
# allocates a sheet's whole rectangle).
IMPORT_XLSX_MAX_UNPACKED_BYTES = env.int(
    "IMPORT_XLSX_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024
)
IMPORT_XLSX_MAX_MEMBER_BYTES = env.int("IMPORT_XLSX_MAX_MEMBER_BYTES", default=64 * 1024 * 1024)
IMPORT_XLSX_MAX_ROWS = env.int("IMPORT_XLSX_MAX_ROWS", default=200_000)
IMPORT_XLSX_MAX_COLUMNS = env.int("IMPORT_XLSX_MAX_COLUMNS", default=200)
IMPORT_XLSX_MAX_CELLS = env.int("IMPORT_XLSX_MAX_CELLS", default=2_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imports or exports with more rows than this run as background jobs.
BACKGROUND_ROWS_THRESHOLD = env.int("BACKGROUND_ROWS_THRESHOLD", default=2000)

# --- Cache, Celery ------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Pages keep serving while Redis is down (core/cache.py); a second
            # is all a read waits for it.
            "BACKEND": "devzone.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker, tasks run inline in the web process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, background jobs (large imports and exports) run in a
# thread of the web process after the response, not inside the request.
BACKGROUND_IN_THREAD = env.bool("BACKGROUND_IN_THREAD", default=CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_ACKS_LATE = True
# A worker process killed in the middle of a job (SIGKILL, out of memory) puts
# the job back on the queue: every job's write is one transaction, so the
# killed run left nothing and the next one starts over.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A message taken by a worker that died with it is given to another after this
# long (seconds); longer than the longest job, or a slow job would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30 * 60}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# `celery -A devzone beat` runs each app's PERIODIC_TASKS, declared in its tasks.py
# (devzone.core.periodic).

# --- E-mail -------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="DevZone <noreply@devzone.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Filters ------------------------------------------------------------------------
# An empty choice in a list's filters means every row (model choices and yes/no:
# core.forms.say_all_in_filters).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

# --- REST API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "devzone.core.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["devzone.core.api_auth.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "devzone.core.api_filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "devzone.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "devzone.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "2000/min"},
    "DEFAULT_THROTTLE_CLASSES": [
        "devzone.core.throttling.AnonRateThrottle",
        "devzone.core.throttling.UserRateThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DevZone API",
    "DESCRIPTION": "开发区综合管理服务平台 API. Every endpoint applies the caller's zone scope.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each app's api.py declares its own ENUM_NAME_OVERRIDES
    # (devzone.core.api_schema.SchemaGenerator).
    "DEFAULT_GENERATOR_CLASS": "devzone.core.api_schema.SchemaGenerator",
}

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not (LOCAL or DEBUG):
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)

# LOG_FORMAT=json: one JSON object per line (what `make serve` and log
# collectors use); every line carries the request's id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "devzone.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "devzone.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
# /metrics answers scrapers presenting this bearer token; without one, only
# calls from this machine.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

SIMPLE_HISTORY_REVERT_DISABLED = True
# Who approves a zone's statistics: "zone_admin" or "region_viewer" (the city or
# province office).
STATS_APPROVAL_BY = env.str("STATS_APPROVAL_BY", default="zone_admin")
FORMS_URLFIELD_ASSUME_HTTPS = True
