"""Pages that are the same for every visitor, kept rendered in the cache (the public plan page, the survey),
and parts of logged-in pages kept by what they are made from (`kept`, `generation`).

Only visitors without a session, a message waiting or a query get a kept page: a logged-in user's page
depends on the role and district. A kept page with a form carries a placeholder for the CSRF token, which
each request fills with its own token (and so gets the CSRF cookie that goes with it). Every key of what is
kept rendered holds `release()`, so a new release never serves what the code before it rendered.
"""

import functools
import hashlib
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "kept-page-csrf-token"


def is_kept_for(request) -> bool:
    return not (
        request.user.is_authenticated
        or request.GET
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def with_csrf_token(request, content: bytes) -> bytes:
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


RENDERING_FILES = ("*.py", "*.html", "*.mo")


@functools.cache
def release() -> str:
    """A token of the code that renders pages: the portal's Python, templates and translations, the pinned
    packages and the static files' manifest (the hashed names pages link to). The same on every node of one
    release."""
    base = Path(settings.BASE_DIR)
    roots = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == base]
    files = {path for root in roots for pattern in RENDERING_FILES for path in root.rglob(pattern)}
    manifest = Path(str(settings.STATIC_ROOT or "")) / "staticfiles.json"
    extra = [base / "requirements.txt", manifest] if settings.STATIC_ROOT else [base / "requirements.txt"]
    files |= {path for path in extra if path.is_file()}
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def kept(name: str, inputs, make, *, timeout: int):
    """`make()`, kept in the cache under a digest of everything it is made from: `inputs` (plain values with a
    stable repr), the release and the language. The same inputs make the same result, so nothing has to drop
    it; what changes its inputs gets another key. Kept for `timeout` seconds."""
    digest = hashlib.sha256(repr((release(), get_language(), inputs)).encode()).hexdigest()[:32]
    key = f"kept:{name}:{digest}"
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, timeout=timeout)
    return found


def generation(key: str) -> str:
    """A token that changes whenever `drop_generation(key)` is called: part of the key of what is kept from data
    too scattered to read for every key (a plan's tables, the public pages, the names in a history)."""
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, timeout=None):
            token = cache.get(key, token)
    return token


def drop_generation(*keys: str) -> None:
    """New tokens now, and again once the transaction commits (what was kept meanwhile from the data before the
    commit is not used either). Random, never a counter: an evicted token never comes back with an old value."""

    def bump():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    bump()
    transaction.on_commit(bump)
