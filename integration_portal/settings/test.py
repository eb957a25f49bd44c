"""The test suite: the dev settings with a fast password hasher. DATABASE_URL picks SQLite or PostgreSQL."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests keep the cache in memory, whatever REDIS_URL says.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tests that log a superuser in with force_login reach the admin without a second factor; the tests of
# the second factor (tests/security/test_second_factor.py) switch this on, as base.py has it everywhere else.
OTP_REQUIRED_FOR_SUPERUSERS = False

# The OParl import reads test servers on 127.0.0.1; the tests of this guard switch it off again.
OPARL_CLIENT_ALLOW_PRIVATE = True

# Jobs run inside the process that queues them; the tests of the worker start real `run_worker` processes.
TASKS_BACKEND = env("TASKS_BACKEND", default="immediate")  # noqa: F405
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
