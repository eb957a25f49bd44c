"""Settings shared by every environment; values come from the environment (see .env.example)."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from integration_portal.proxies import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is optional; real deployments set the variables themselves.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "integration_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "adminsortable2",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "integration_portal.apps.IntegrationPortalConfig",
    "actionplan",
    "participation",
    "django_filters",
    "steering",
    "papers",
    "oparl.apps.OparlConfig",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (integration_portal.logging).
    "integration_portal.logging.RequestIdMiddleware",
    # X-Forwarded-Proto only from TRUSTED_PROXIES, before the HTTPS redirect looks at the scheme.
    "integration_portal.proxies.ForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Cache-Control: private, no-store on every response to a logged-in user (integration_portal.caching).
    "integration_portal.caching.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL bytes in the path, the query or a form: 400 before any view or database sees them.
    "integration_portal.bad_input.RefuseNulBytesMiddleware",
    # Second factor (django-otp), session lifetime, superusers' second factor: integration_portal.security.
    "django_otp.middleware.OTPMiddleware",
    "integration_portal.security.SessionLifetimeMiddleware",
    "integration_portal.security.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change kept in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Records the path of each change (admin or browser) with it.
    "integration_portal.history.HistoryPathMiddleware",
    # Last, so that it sees the failed logins of every view and answers a locked-out client.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integration_portal.urls"
WSGI_APPLICATION = "integration_portal.wsgi.application"
ASGI_APPLICATION = "integration_portal.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Every request is one transaction: a failing view leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a small demo with several people at once: readers never wait for the writer
    # (WAL journal), and a transaction takes the write lock when it begins (IMMEDIATE), so two requests never
    # both read and then fail to upgrade to writing ("database is locked"); a waiting one retries for up to
    # `timeout` seconds. Larger installations use PostgreSQL (README).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "integration_portal.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out clients before any password is checked (django-axes).
    "integration_portal.backends.PortalAxesBackend",
    "integration_portal.backends.PortalBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "actionplan:home"
LOGOUT_REDIRECT_URL = "actionplan:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Fonts for the council paper PDFs, installed from npm (package.json), never fetched from the web.
STATICFILES_DIRS += [("fontsource", BASE_DIR / "node_modules" / "@fontsource")]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads and the PDFs the portal writes (default_storage): readable by the portal's group only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# `manage.py backup` without a file name writes here and keeps the newest archive of the last N days and M weeks.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Development and tests read static files from the apps and STATICFILES_DIRS; production.py collects them.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# PDFs read their stylesheets and fonts from the collected STATIC_ROOT (True, production: no node_modules on an
# app server) or through the staticfiles finders from the code and node_modules (False, development and tests).
PDF_ASSETS_FROM_STATIC_ROOT = False

FORM_RENDERER = "integration_portal.form_renderer.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="integrationsportal@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id, an audit line's fields).
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
_JSON_LINES = {"()": "integration_portal.logging.JSONFormatter"}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "integration_portal.logging.RequestIdFilter"},
        "refusals": {"()": "integration_portal.logging.RefusalFilter"},
    },
    "formatters": {
        # Audit lines carry UTC time whatever the server's zone.
        "audit": _JSON_LINES
        if LOG_FORMAT == "json"
        else {"()": "integration_portal.logging.UTCFormatter", "format": "%(asctime)s %(levelname)s %(message)s"},
        "console": _JSON_LINES if LOG_FORMAT == "json" else {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "console", "filters": ["request_id"]},
        "audit": {"class": "logging.StreamHandler", "formatter": "audit", "filters": ["request_id"]},
    },
    "loggers": {
        "integration_portal.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        # django-axes: lockouts only; every failed login is already an audit line of its own.
        "axes": {"handlers": ["audit"], "level": "WARNING", "propagate": False},
        # A refused request is one audit line, not Django's line with a traceback as well.
        "django.request": {"filters": ["refusals"]},
        "django.security.csrf": {"filters": ["refusals"]},
        # WeasyPrint reports every step of every render at INFO: only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# The demo data (fixtures/demo.json) and the documents it was taken from (fixtures/sources/).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# `setup_demo` creates accounts with a published password: allowed only by the development settings.
DEMO_SETUP_ALLOWED = False

# How long the steering group may still edit its own comment on a measure.
STEERING_COMMENT_EDIT_MINUTES = env.int("STEERING_COMMENT_EDIT_MINUTES", default=15)

# Background jobs (integration_portal.jobs): Django's tasks API with its database backend, so the queue is
# rows in the portal's database; `manage.py run_worker` runs them. TASKS_BACKEND=immediate runs each job
# inside the process that queued it (the tests do).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or immediate.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# Seconds between a worker's heartbeats; a running job whose heartbeat is older than JOBS_STALE_SECONDS lost
# its worker and is queued again (checked every JOBS_REQUEUE_SECONDS); a failed attempt waits
# JOBS_RETRY_DELAY seconds times its number; an idle worker looks for jobs every JOBS_WORKER_INTERVAL seconds.
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=5)
JOBS_STALE_SECONDS = env.float("JOBS_STALE_SECONDS", default=30)
JOBS_REQUEUE_SECONDS = env.float("JOBS_REQUEUE_SECONDS", default=10)
JOBS_RETRY_DELAY = env.float("JOBS_RETRY_DELAY", default=5)
JOBS_WORKER_INTERVAL = env.float("JOBS_WORKER_INTERVAL", default=0.5)
# Jobs take only the CPU time that people's requests leave (Linux's SCHED_IDLE): on a machine shared with app
# nodes a PDF render never slows a page, and on a machine of its own it runs at full speed. A lower nice value is
# not enough: a niced process still takes a share of every core while requests wait. false: normal priority.
JOBS_WORKER_IDLE_PRIORITY = env.bool("JOBS_WORKER_IDLE_PRIORITY", default=True)


def cache_settings(redis_url):
    """Redis where a URL is given (shared by all server processes), otherwise memory."""
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Cache: the one setting is REDIS_URL (production defaults to a local Redis, see production.py).
REDIS_URL = env("REDIS_URL", default="")
CACHES = cache_settings(REDIS_URL)

# The plan page's rendered tables (actionplan.plan_tables) are dropped on every change; the expiry only
# bounds how long a change made past the portal (e.g. directly in the database) can stay unseen.
PLAN_TABLE_CACHE_SECONDS = env.int("PLAN_TABLE_CACHE_SECONDS", default=24 * 60 * 60)

# Import files waiting for confirmation (integration_portal.pending_uploads): a private folder outside MEDIA_ROOT,
# files deleted on confirmation or cancellation and after an hour at the latest.
IMPORT_UPLOAD_DIR = env.path("IMPORT_UPLOAD_DIR", default=Path(tempfile.gettempdir()) / "integrationsportal-imports")
IMPORT_UPLOAD_MAX_AGE = 60 * 60
# An import of more rows than this runs its confirmed write as a background job; an export of more rows than
# EXPORT_JOB_THRESHOLD too (the survey's export always). Export files are deleted EXPORT_RETENTION_HOURS later.
IMPORT_JOB_THRESHOLD = env.int("IMPORT_JOB_THRESHOLD", default=500)
EXPORT_JOB_THRESHOLD = env.int("EXPORT_JOB_THRESHOLD", default=500)
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)

# Public survey: at most SURVEY_RATE_LIMIT submissions per client within SURVEY_RATE_WINDOW seconds
# (0 switches the limit off). The client is remembered only as a salted hash, and only for the window.
SURVEY_RATE_LIMIT = env.int("SURVEY_RATE_LIMIT", default=10)
SURVEY_RATE_WINDOW = env.int("SURVEY_RATE_WINDOW", default=600)

# Security baseline (BSI APP.3.1, OWASP ASVS L2); SECURITY.md explains every value for the district's IT.

# Sessions: 30 minutes idle and 12 hours absolute from login, both enforced on the server by
# integration_portal.security.SessionLifetimeMiddleware (it writes the session at most once a minute, so
# pages keep their fixed number of queries). The cookie itself lives no longer than the absolute limit.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "integration_portal.security.csrf_failure"
# Password-reset links are valid for one hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from the portal itself, no inline scripts, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Failed logins (django-axes, integration_portal.throttles): after AXES_FAILURE_LIMIT failures for one username
# from one client address, that pair is locked out; after AXES_ACCOUNT_FAILURE_LIMIT failures over all clients,
# the account is locked for browsers it was never logged into from (for LOGIN_DEVICE_DAYS). Both end
# AXES_COOLOFF_MINUTES after the window's first failure; retries during a lockout do not extend it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_HANDLER = "integration_portal.throttles.PortalAxesHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_DEVICE_COOKIE_NAME = "portal_device"
LOGIN_DEVICE_DAYS = env.int("LOGIN_DEVICE_DAYS", default=90)
# Password-reset mails per address, and reset requests per client, within an hour.
PASSWORD_RESET_MAILS_PER_ADDRESS = env.int("PASSWORD_RESET_MAILS_PER_ADDRESS", default=3)
PASSWORD_RESET_REQUESTS_PER_CLIENT = env.int("PASSWORD_RESET_REQUESTS_PER_CLIENT", default=10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "integration_portal.security.lockout_response"
AXES_ENABLE_ADMIN = False
# Successful logins are audit lines already; no second, database copy of who logged in from where.
AXES_DISABLE_ACCESS_LOG = True
# Failed-login records (with client addresses) are deleted after this many days by `manage.py purge_expired`.
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=30)
AXES_CLIENT_IP_CALLABLE = "integration_portal.proxies.client_address"

# Reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are believed
# (integration_portal.proxies); from any other peer both headers are ignored. Empty: no proxy in front.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
parse_networks(TRUSTED_PROXIES)  # a wrong entry stops the start
# The former setting is no longer read; an environment still setting it would believe it is in force.
if os.environ.get("TRUSTED_PROXY_COUNT", "0") not in ("", "0"):
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES: list the proxies' addresses.")

# Second factor (django-otp, TOTP): optional for staff, required for superusers before the admin opens.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Integrationsportal")
OTP_REQUIRED_FOR_SUPERUSERS = True

# The OParl import of council results (oparl.client): limits for reading a council system's interface.
OPARL_CLIENT_TIMEOUT = env.float("OPARL_CLIENT_TIMEOUT", default=15)
OPARL_CLIENT_TOTAL_TIMEOUT = env.float("OPARL_CLIENT_TOTAL_TIMEOUT", default=600)
OPARL_CLIENT_MAX_BYTES = env.int("OPARL_CLIENT_MAX_BYTES", default=10 * 1024 * 1024)
OPARL_CLIENT_MAX_REQUESTS = env.int("OPARL_CLIENT_MAX_REQUESTS", default=5000)
# Private, loopback and link-local addresses are refused (no requests into the district's own network)
# unless this is set, e.g. for a council system inside that network.
OPARL_CLIENT_ALLOW_PRIVATE = env.bool("OPARL_CLIENT_ALLOW_PRIVATE", default=False)
