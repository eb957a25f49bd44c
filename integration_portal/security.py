"""Session lifetime, the superusers' second factor, error pages and the audit lines of logins and denials.

The settings that go with this module are in `settings/base.py` (section "Security baseline"); SECURITY.md
explains them for the district's IT.
"""

import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from .audit import log_event
from .proxies import client_address

# Session keys holding the time of login and of the last recorded activity (seconds since the epoch).
LOGIN_TIME_KEY = "_portal_login_time"
ACTIVITY_KEY = "_portal_activity"
# Activity is written back at most this often, so most requests do not write the session.
ACTIVITY_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    """Ends a logged-in session after 30 minutes without a request (SESSION_IDLE_SECONDS) and 12 hours
    after login however active it was (SESSION_ABSOLUTE_SECONDS). The session is deleted on the server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(LOGIN_TIME_KEY, now)
            last_seen = session.get(ACTIVITY_KEY, started)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS or now - last_seen > settings.SESSION_IDLE_SECONDS:
                log_event("session_expired", user=request.user)
                logout(request)
                return redirect_to_login(request)
            if now - last_seen > ACTIVITY_RESOLUTION_SECONDS or ACTIVITY_KEY not in session:
                session[ACTIVITY_KEY] = now
        return self.get_response(request)


# The pages a superuser without a second factor may still open: logging in and out, setting up the app,
# resetting the password.
SECOND_FACTOR_EXEMPT = frozenset(
    {
        "login",
        "logout",
        "otp_setup",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def _second_factor_exempt(request) -> bool:
    if request.path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"))):
        return True
    try:
        return resolve(request.path_info).url_name in SECOND_FACTOR_EXEMPT
    except Resolver404:
        return False


class SecondFactorMiddleware:
    """Superusers see any page (admin, workspace, exports, drafts) only after a second factor; without a
    device they are sent to set one up: their rights reach beyond the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_REQUIRED_FOR_SUPERUSERS
            and user.is_authenticated
            and user.is_superuser
            and not user.is_verified()
            and not _second_factor_exempt(request)
        ):
            if user_has_device(user, confirmed=True):
                # Logged in without the code (e.g. an older session): log in again, with the code.
                return redirect_to_login(request)
            return redirect(f"{reverse('otp_setup')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def redirect_to_login(request):
    return auth_views.redirect_to_login(request.get_full_path())


def permission_denied(request, exception=None):
    """The German 403 page (handler403), with an audit line: who was refused what."""
    log_event("permission_denied", user=getattr(request, "user", None), path=request.path, method=request.method)
    return TemplateResponse(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: the German 403 page, and an audit line."""
    log_event("csrf_failure", user=getattr(request, "user", None), path=request.path, reason=reason)
    return TemplateResponse(request, "403.html", {"csrf_failure": True}, status=403)


@receiver(user_logged_in, dispatch_uid="integration_portal.security.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = request.session[ACTIVITY_KEY] = time.time()
    log_event("login", user=user, ip=client_address(request) or "-")


@receiver(user_login_failed, dispatch_uid="integration_portal.security.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is logged.
    log_event("login_failed", username=credentials.get("username", "-"), ip=client_address(request) or "-")


@receiver(user_logged_out, dispatch_uid="integration_portal.security.logged_out")
def _logged_out(sender, request, user, **kwargs):
    log_event("logout", user=user)


@receiver(user_locked_out, dispatch_uid="integration_portal.security.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    log_event("lockout", username=username, ip=ip_address)


def lockout_response(request, original_response, credentials):
    """The German page for a client locked out by django-axes (HTTP 429), saying how long it lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return TemplateResponse(request, "registration/lockout.html", {"minutes": minutes}, status=429).render()
