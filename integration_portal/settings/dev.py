"""Development and the demo (`make run`) on a workstation: console e-mail, a local SQLite file by default.

DEBUG is off by default, so the demo shows the same German 403/404/500 pages as production and never
Django's debug page with settings and code; `make run` serves the static files with `runserver --insecure`.
Set DEBUG=true to see the debug pages while developing.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
# Only these settings (and the tests built on them) may create the demo accounts with their published password.
DEMO_SETUP_ALLOWED = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
