from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from integration_portal.accessibility import accessibility_statement
from integration_portal.health import healthz, readyz
from integration_portal.throttles import ThrottledPasswordResetView
from integration_portal.twofactor import PortalLoginView, otp_setup

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Browsers and the admin ask for /favicon.ico whatever the page says.
    # Looked up per request: the hashed name exists only once collectstatic has run.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    path("accessibility/", accessibility_statement, name="accessibility_statement"),
    path("districts/<slug:slug>/accessibility/", accessibility_statement, name="district_accessibility_statement"),
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/two-factor/", otp_setup, name="otp_setup"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("", include("integration_portal.jobs.urls")),
    path("steering/", include("steering.urls")),
    path("", include("actionplan.urls")),
    path("", include("participation.urls")),
    path("", include("papers.urls")),
    path("oparl/v1/", include("oparl.urls")),
]

# The German 403 page, with an audit line for every refusal.
handler403 = "integration_portal.security.permission_denied"
handler400 = "integration_portal.bad_input.bad_request"
