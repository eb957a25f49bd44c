"""Pages that are the same for every visitor, kept rendered in the cache (the public plan page, the survey).

Only visitors without a session, a message waiting or a query get a kept page: a logged-in user's page
depends on the role and district. A kept page with a form carries a placeholder for the CSRF token, which
each request fills with its own token (and so gets the CSRF cookie that goes with it).
"""

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
