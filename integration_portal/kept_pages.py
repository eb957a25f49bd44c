"""Pages that are the same for every visitor, kept rendered in the cache (the public plan page, the survey).

Only visitors without a session, a message waiting or a query get a kept page: a logged-in user's page
depends on the role and district. A kept page with a form carries a placeholder for the CSRF token, which
each request fills with its own token (and so gets the CSRF cookie that goes with it). Every key of what is
kept rendered holds `release()`, so a new release never serves what the code before it rendered.
"""

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.csrf import get_token

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
