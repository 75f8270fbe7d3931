"""dundian settings: one file, every value from the environment.

Development defaults are safe and need nothing installed (SQLite, no Redis).
Production is switched on explicitly with ``DUNDIAN_PRODUCTION=1`` — never
inferred from ``DEBUG`` — so live-server tests are not redirected to HTTPS.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("DUNDIAN_PRODUCTION", default=False)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    # Development only: a fixed key is fine where nothing is secret.
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

# Workers' phones and ID numbers are encrypted at rest (privacy.crypto): Fernet keys,
# newest first (rotate with `manage.py rotate_field_keys`), and the HMAC key of their
# search columns. Production has no default; the deploy check refuses the dev keys.
if PRODUCTION:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
    FIELD_HASH_KEY = env("FIELD_HASH_KEY")
else:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=["2O5GcbUoju2RKPxqqKrIoiRPTD-TXH6r4yxy-eHDsmk="])
    FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="dev-only-field-hash-key-change-me-in-production")
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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_celery_beat",
    # Domain, lowest first: a lower app never imports a higher one.
    "workdays",
    "campaigns",
    "privacy",
    # Notices import only campaigns.scoping (who sees which notice); the domain apps above notify.
    "notifications",
    "visits",
    "issues",
    # Service sites and 我为职工办实事 projects: visits and tickets point at them (by name, no import).
    "outreach",
    # The outbox of ticket status changes and its delivery: written by issues.timeline.commit.
    "webhooks",
    # Read side: reads the domain apps, written by none of them.
    "dashboard",
    "ledger",
    "mediation",
    # Daily summaries the read side reads; written only by the visit and ticket writers.
    "rollups",
    # Synthetic city-scale data for benchmarks (manage.py generate_data); no models.
    "benchdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dundian.urls"
WSGI_APPLICATION = "dundian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaigns.context_processors.role_flags",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default holds concurrent use (tests/security/test_sqlite_concurrency.py):
    # WAL (readers never block the writer and the writer never blocks readers), a 20 s busy
    # timeout (wait for the write lock instead of "database is locked"), and IMMEDIATE
    # transactions: every request is a transaction that reads before it writes, and SQLite
    # cannot upgrade a read lock while another writer waits — taking the write lock at BEGIN
    # makes it wait its turn instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dundian.password_validation.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures from one user+IP lock it for an hour (HTTP 429).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Behind N reverse proxies set AXES_PROXY_COUNT=N: the client is then read from X-Forwarded-For
# (N-th entry from the right), else from REMOTE_ADDR and the header is ignored (dundian/client_ip.py).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "dundian.client_ip.client_ip"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Uploaded photos and generated exports are private: they are never served
# from a public URL, only through views that check who may see them.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Photos are scaled down in the browser; the server still refuses big files.
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
PHOTO_MAX_EDGE = env.int("PHOTO_MAX_EDGE", default=1920)
# A JPEG is decoded reduced (draft mode); other formats are decoded whole, so they have a lower cap,
# and one save decodes at most this many pixels over all its photos (visits/photos.py).
PHOTO_MAX_FULL_DECODE_PIXELS = env.int("PHOTO_MAX_FULL_DECODE_PIXELS", default=16_000_000)
PHOTO_MAX_PIXELS_PER_SAVE = env.int("PHOTO_MAX_PIXELS_PER_SAVE", default=64_000_000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="dundian@localhost")
# Links in e-mails. In development they follow `make run HOST=… PORT=…` (the Makefile exports both).
_dev_host = env("HOST", default="127.0.0.1")
_dev_host = "127.0.0.1" if _dev_host in ("", "0.0.0.0", "::") else _dev_host  # noqa: S104  # nosec B104 (compared, not bound)
SITE_URL = env("SITE_URL", default=f"http://{_dev_host}:{env('PORT', default='8000')}")

# Celery. The embedded default uses kombu's filesystem transport (messages are
# files under var/), so `make run` needs no broker server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BASE_DIR / "var" / "broker"),
        "data_folder_out": str(BASE_DIR / "var" / "broker"),
        "processed_folder": str(BASE_DIR / "var" / "broker-processed"),
        "control_folder": str(BASE_DIR / "var" / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    # kombu's filesystem transport fails on a missing folder: create them up front.
    for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
        if isinstance(_folder, str):
            Path(_folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down so a page never hangs on enqueue.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_MAX_RETRIES = 0
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# What a task prints (the console e-mail backend in development) is information, not a warning.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Logs: LOG_FORMAT=json writes one JSON object a line, with the request id (X-Request-ID from the
# proxy, or a new one) also in the Celery tasks it starts (dundian/logging_config.py).
from .logging_config import logging_config  # noqa: E402

LOGGING = logging_config(level=env("LOG_LEVEL", default="INFO"), json=env("LOG_FORMAT", default="plain") == "json")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REFERRER_POLICY = "same-origin"

# The one documented place for deploy-check exceptions (an intranet without
# HTTPS sets SILENCED_SYSTEM_CHECKS=security.W004,security.W008,...).
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# Reminders: quiet hours and the "not visited for N days" threshold.
REMINDER_WORKDAY_START_HOUR = env.int("REMINDER_WORKDAY_START_HOUR", default=8)
REMINDER_WORKDAY_END_HOUR = env.int("REMINDER_WORKDAY_END_HOUR", default=20)
# A ticket is "due soon" when its pending deadline is this close: the one definition used by the
# issue list, the dashboard and the reminders (WorkerIssue.objects.due_soon).
ISSUE_DUE_SOON_HOURS = env.int("ISSUE_DUE_SOON_HOURS", default=24)
# A closed ticket is due for a satisfaction callback this many working days after closing
# (DESIGN.md §4); a callback not recorded by then counts as not satisfied.
ISSUE_CALLBACK_WORKDAYS = env.int("ISSUE_CALLBACK_WORKDAYS", default=3)
# A team leader is told when a unit of the team has had no visit for this many days.
REMINDER_UNVISITED_DAYS = env.int("REMINDER_UNVISITED_DAYS", default=14)
# Webhooks (docs/api-webhooks.md): how long one POST may take, the longest wait between two tries
# of one event, and after how long an event a receiver never accepted is given up (marked failed).
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOK_FIRST_RETRY_SECONDS = env.int("WEBHOOK_FIRST_RETRY_SECONDS", default=30)
WEBHOOK_MAX_RETRY_SECONDS = env.int("WEBHOOK_MAX_RETRY_SECONDS", default=3600)
WEBHOOK_GIVE_UP_AFTER_HOURS = env.int("WEBHOOK_GIVE_UP_AFTER_HOURS", default=72)
EXPORT_ASYNC_THRESHOLD_ROWS = env.int("EXPORT_ASYNC_THRESHOLD_ROWS", default=5000)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
# A background export whose worker has not reported for this long is marked failed.
EXPORT_STALE_MINUTES = env.int("EXPORT_STALE_MINUTES", default=30)
# Imports read at most this many data rows (a sheet of 100 000 empty rows stops early).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
# 个人信息保护: how long the access log of unmasked personal data is kept, and after how
# many years since closing a ticket's worker data is masked for good.
PERSONAL_DATA_ACCESS_LOG_DAYS = env.int("PERSONAL_DATA_ACCESS_LOG_DAYS", default=3 * 365)
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=3)
# What an uploaded workbook may cost before it is parsed (ledger/imports/reader.py, docs/security.md):
# zip members, each member's and the total uncompressed size, shared strings, characters per cell, columns.
IMPORT_LIMITS = {
    "members": env.int("IMPORT_MAX_ZIP_MEMBERS", default=200),
    "member_bytes": env.int("IMPORT_MAX_MEMBER_BYTES", default=40 * 1024 * 1024),
    "total_bytes": env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=60 * 1024 * 1024),
    "shared_strings": env.int("IMPORT_MAX_SHARED_STRINGS", default=100_000),
    "cell_chars": env.int("IMPORT_MAX_CELL_CHARS", default=2000),
    "columns": env.int("IMPORT_MAX_COLUMNS", default=50),
}

# seed_demo runs these in order; each app adds its own demo rows without the
# lower apps importing the higher ones.
DEMO_SEEDERS = [
    "campaigns.demo.seed",
    "outreach.demo.seed",
    "visits.demo.seed",
    "issues.demo.seed",
    # Before the demo merges 新媒体产业基地 away: its 六方工作站 is registered while the unit exists.
    "mediation.demo.seed",
    "issues.demo_units.seed",
]

# ---------------------------------------------------------------------------
# Beyond one machine (issue 16; docs/deploy.md). Everything below is off in the
# embedded default: each piece is switched on by its environment variable.
# ---------------------------------------------------------------------------
INSTALLED_APPS += ["ops"]  # storage, replica routing, request ids, metrics, backups
MIDDLEWARE.insert(0, "ops.middleware.RequestIdMiddleware")  # first: every log line of the request carries its id
MIDDLEWARE.insert(1, "ops.metrics.MetricsMiddleware")
# After the session middleware: reads the "pinned to the primary" marker, sets it after a write.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, "ops.replica.ReplicaMiddleware"
)

# Files: the local MEDIA_ROOT by default; an S3-compatible bucket (MinIO, Ceph,
# a cloud bucket) when STORAGE_BUCKET is set. Objects stay private: they are
# streamed by the permission-checked views, or (PRIVATE_FILE_DELIVERY=redirect)
# the view answers with a pre-signed URL valid PRIVATE_FILE_URL_SECONDS.
STORAGE_BUCKET = env("STORAGE_BUCKET", default="")
if STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env("STORAGE_ENDPOINT_URL", default=None),
            "access_key": env("STORAGE_ACCESS_KEY", default=None),
            "secret_key": env("STORAGE_SECRET_KEY", default=None),
            "region_name": env("STORAGE_REGION", default=None),
            "location": env("STORAGE_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("PRIVATE_FILE_URL_SECONDS", default=60),
            "file_overwrite": False,
            "addressing_style": env("STORAGE_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            # A file being served is spooled to a temporary file past this size, not held in memory.
            "max_memory_size": env.int("STORAGE_MAX_MEMORY_SIZE", default=5 * 1024 * 1024),
        },
    }
PRIVATE_FILE_DELIVERY = env("PRIVATE_FILE_DELIVERY", default="stream")  # "stream" or "redirect"
# Where a host writes an export before putting it into the storage whole (default: the temp dir).
FILE_WORK_DIR = env("FILE_WORK_DIR", default=None)
PRIVATE_FILE_URL_SECONDS = env.int("PRIVATE_FILE_URL_SECONDS", default=60)

# Sessions in the database (shared by every web server); a Redis cache by
# CACHE_URL=redis://… (the local-memory default is for one process only).
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# PostgreSQL connection pool (psycopg_pool through Django): DATABASE_POOL_MAX_SIZE > 0
# switches it on. Size it per process: see docs/deploy.md ("Connection pool").
DATABASE_POOL_MIN_SIZE = env.int("DATABASE_POOL_MIN_SIZE", default=2)
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
DATABASE_POOL_TIMEOUT = env.float("DATABASE_POOL_TIMEOUT", default=10.0)
_DATABASE_POOL = {
    "min_size": DATABASE_POOL_MIN_SIZE,
    "max_size": DATABASE_POOL_MAX_SIZE,
    "timeout": DATABASE_POOL_TIMEOUT,
}

# A read replica (optional): the dashboard's and the ledger's GET pages read
# from it; every write, and a user's reads for REPLICA_PIN_SECONDS after that
# user wrote, go to the primary (ops.routers, ops.replica).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"].setdefault("TEST", {})["DEPENDENCIES"] = []
DATABASE_ROUTERS = ["ops.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
# URL namespaces whose safe (GET/HEAD) requests read from the replica, and the apps whose models are routed there.
REPLICA_READ_NAMESPACES = ["dashboard", "ledger"]
REPLICA_ROUTED_APPS = [
    "workdays",
    "notifications",
    "campaigns",
    "visits",
    "issues",
    "dashboard",
    "ledger",
    "rollups",
    "simple_history",
]
# Persistent connections without the pool: a new PostgreSQL connection per request costs a
# few milliseconds (fork of a backend, authentication) — as much as a cheap page's SQL.
# CONN_MAX_AGE seconds (0: close after each request, as Django's default), checked before reuse.
DATABASE_CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
for _alias, _db in DATABASES.items():
    if _db["ENGINE"] != "django.db.backends.postgresql":
        continue
    _db["CONN_MAX_AGE"] = DATABASE_CONN_MAX_AGE
    _db["CONN_HEALTH_CHECKS"] = True
    # JIT off for the app's own connections: every query of a page is short, and PostgreSQL's
    # JIT compiles a plan when the *estimated* cost is high, which a misestimated subquery over a
    # large table reaches easily — measured at 1 000 000 tickets, 670 ms of a 1.2 s page was LLVM
    # compiling a query that then ran in milliseconds (issue 15). Reports run elsewhere may keep it.
    _options = _db.setdefault("OPTIONS", {})
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()
    if DATABASE_POOL_MAX_SIZE > 0:
        _options["pool"] = dict(_DATABASE_POOL)
        _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not hold them as well

# Queues: exports on their own queue so a long export never delays a reminder.
# A worker started without -Q consumes both (make run); production runs
# `celery worker -Q celery` and `celery worker -Q exports` (deploy/systemd).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_EXPORT_QUEUE = env("CELERY_EXPORT_QUEUE", default="exports")
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, CELERY_EXPORT_QUEUE: {}}
CELERY_TASK_ROUTES = {"ledger.run_export": {"queue": CELERY_EXPORT_QUEUE}}

# /metrics (Prometheus): allowed with "Authorization: Bearer $METRICS_TOKEN" or
# from an address in METRICS_ALLOWED_IPS; nobody otherwise (404).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])

# The API for the hotline platforms and the district's systems (issue 17, app ``api``, docs/api.md):
# Django REST framework with bearer tokens of API clients, problem documents for every error,
# an OpenAPI 3 schema (drf-spectacular) and its reference page with vendored assets (sidecar).
# Not "rest_framework": its translations would override Django's own Chinese form messages across the site
# (e.g. 这个字段是必填项); the API writes its messages in Chinese itself (api/serializers.py).
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar", "api"]
# After the request id (first) and metrics: every /api/v1/ call is logged with its outcome.
MIDDLEWARE.insert(2, "api.middleware.ApiCallLogMiddleware")
API_MAX_BODY_BYTES = 1024 * 1024
# Rotation: a newly issued token leaves the client's older ones valid this long.
API_TOKEN_ROTATION_GRACE_HOURS = env.int("API_TOKEN_ROTATION_GRACE_HOURS", default=72)
# The framework's classes and the schema's settings: dundian/api_settings.py (plain data, no environment).
from .api_settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401
