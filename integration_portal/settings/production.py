"""Production behind an HTTPS reverse proxy. Every secret and host comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import cache_settings, env

# Debug pages show settings and code: never in production, whatever the environment says.
if env.bool("DEBUG", default=False):
    raise ImproperlyConfigured("DEBUG must not be on in production; unset DEBUG.")
DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names the portal is served under.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS])

# The reverse proxy terminates TLS and says so in X-Forwarded-Proto. Django's SECURE_PROXY_SSL_HEADER would
# believe that header from any peer; integration_portal.proxies.ForwardedProtoMiddleware believes it only
# from TRUSTED_PROXIES.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading binds every subdomain of the district's domain to HTTPS for good: only on the operator's word.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Django's deployment check warns about preload being off; here that is the chosen default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# nosniff, Referrer-Policy, frame denial and HttpOnly cookies come from base.py for every environment.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Mail holds password-reset links: never printed to a log or written to files in production.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND.rsplit(".", 2)[-2:] in (["console", "EmailBackend"], ["filebased", "EmailBackend"]):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND} would write password-reset links into a log or file; "
        "use django.core.mail.backends.smtp.EmailBackend."
    )

# Server processes share the survey's rate limit through Redis: never the per-process memory cache.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = cache_settings(REDIS_URL)
# Sessions are read from Redis, shared by all app nodes, and written through to the database, which stays the
# record (a Redis restart logs nobody out). Logging out deletes both copies, on whichever node.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Database connections are kept for 10 minutes (unless DATABASE_URL sets conn_max_age) instead of one new
# PostgreSQL connection per request, and checked before a request reuses them.
DATABASES["default"].setdefault("CONN_MAX_AGE", 600)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# The __Host- prefix makes browsers refuse these cookies unless set over HTTPS for this exact host.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LOGIN_DEVICE_COOKIE_NAME = "__Host-portal_device"

# Static files: collected by `manage.py collectstatic` (hashed names, gzip copies) and served by
# gunicorn itself through WhiteNoise. Static and media files live outside the code, media shared by all nodes.
STATIC_ROOT = env.path("STATIC_ROOT", default="/var/lib/integrationsportal/static")
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/var/lib/integrationsportal/media")
BACKUP_DIR = env.path("BACKUP_DIR", default="/var/backups/integrationsportal")
# /static/ from STATIC_ROOT (hashed names cached for a year), before any session or database work.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
PDF_ASSETS_FROM_STATIC_ROOT = True
# The fonts' npm folder is needed where collectstatic runs, not on an app server that has no node_modules.
STATICFILES_DIRS = [entry for entry in STATICFILES_DIRS if not isinstance(entry, tuple) or entry[1].is_dir()]  # noqa: F405
# Health probes of a load balancer may use plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
