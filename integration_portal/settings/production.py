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

# The reverse proxy terminates TLS and tells us so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# nosniff, Referrer-Policy, frame denial and HttpOnly cookies come from base.py for every environment.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Server processes share the survey's rate limit through Redis: never the per-process memory cache.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = cache_settings(REDIS_URL)

# The __Host- prefix makes browsers refuse these cookies unless set over HTTPS for this exact host.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
