"""Limits on guessing: the login lockout (django-axes, with a limit per account over all clients and a
window that starts at its first failure) and the number of password-reset mails.

Per username and client, AXES_FAILURE_LIMIT failures lock that pair out. Over all clients, an account
that has AXES_ACCOUNT_FAILURE_LIMIT failures is locked too, so that rotating addresses does not help, but
only for browsers that have not logged into it before (a signed "known device" cookie): whoever tries
to lock a user out cannot keep the user's own browser out. Both locks end AXES_COOLOFF_TIME after the
first failure of their window; failures during a lockout are not counted and do not extend it.
"""

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .proxies import client_address

DEVICE_SALT = "integration_portal.throttles.known-device"


def count_hit(key: str, window_seconds: int) -> int:
    """Count one hit of `key` in the cache; the count is forgotten `window_seconds` after its first hit."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return 1


def hashed(kind: str, value: str) -> str:
    """A cache key that holds no address or name in clear text."""
    return f"throttle:{kind}:" + salted_hmac(f"integration_portal.throttles.{kind}", value).hexdigest()


# Login


def set_known_device(response: HttpResponseBase, username: str) -> None:
    """Remember in the browser that this account logged in here (signed, so it cannot be made up)."""
    response.set_signed_cookie(
        settings.LOGIN_DEVICE_COOKIE_NAME,
        username,
        salt=DEVICE_SALT,
        max_age=settings.LOGIN_DEVICE_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_device(request: HttpRequest, username: str | None) -> bool:
    known = request.get_signed_cookie(
        settings.LOGIN_DEVICE_COOKIE_NAME, default=None, salt=DEVICE_SALT, max_age=settings.LOGIN_DEVICE_DAYS * 86400
    )
    return username is not None and known == username


def _window_start() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler with the account limit and windows that start at their first failure."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.is_account_locked(request, credentials)

    def is_account_locked(self, request, credentials=None) -> bool:
        username = get_client_username(request, credentials)
        if username is None or is_known_device(request, username):
            return False
        failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=_window_start()).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        return (failures or 0) >= settings.AXES_ACCOUNT_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # django-axes moves attempt_time to the latest failure, so failures every few minutes would keep a
        # window (and its lockout) open for ever; put it back to the window's first failure.
        own = None
        if request is not None:
            own = AccessAttempt.objects.filter(
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
                user_agent=request.axes_user_agent,
                attempt_time__gte=_window_start(),
            )
            first = own.values_list("attempt_time", flat=True).first()
        super().user_login_failed(sender, credentials, request, **kwargs)
        if own is not None and first is not None:
            own.update(attempt_time=first)


# Password reset


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Sends at most PASSWORD_RESET_MAILS_PER_ADDRESS mails per address and answers at most
    PASSWORD_RESET_REQUESTS_PER_CLIENT requests per client within an hour. Known and unknown addresses,
    sent or not: the answer is always the same page."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        per_address = count_hit(hashed("reset-address", email), 3600)
        per_client = count_hit(hashed("reset-client", client_address(self.request) or ""), 3600)
        if (
            per_address > settings.PASSWORD_RESET_MAILS_PER_ADDRESS
            or per_client > settings.PASSWORD_RESET_REQUESTS_PER_CLIENT
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
