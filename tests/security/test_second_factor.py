"""Second factor (TOTP): staff may set it up, superusers must before the admin opens; once set up, no
login without the code."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from integration_portal.settings import base

from ..factories import PASSWORD
from ..queries import count_queries

SETUP = "/accounts/two-factor/"


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def log_in(client, user, otp_token=""):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, "otp_token": otp_token})


@pytest.fixture
def enforced(settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True


@pytest.fixture
def device(kit_user):
    return TOTPDevice.objects.create(user=kit_user, name="Telefon", confirmed=True)


def test_superusers_need_the_second_factor_outside_the_tests():
    assert base.OTP_REQUIRED_FOR_SUPERUSERS is True
    assert "django_otp.middleware.OTPMiddleware" in django_settings.MIDDLEWARE


@pytest.mark.django_db
def test_staff_set_up_an_authenticator_app_with_a_qr_code(client, kit_user):
    client.force_login(kit_user)
    page = client.get(SETUP)
    content = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in content and "QR-Code" in content
    device = TOTPDevice.objects.get(user=kit_user, confirmed=False)
    assert page.context["secret"] in content
    wrong = client.post(SETUP, {"otp_token": "000000" if code(device) != "000000" else "111111"})
    assert "Der Code ist falsch" in wrong.content.decode()
    # django-otp makes the next try wait a second after a wrong code; a person needs longer anyway.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(SETUP, {"otp_token": code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert "ist eine Authenticator-App eingerichtet" in client.get(SETUP).content.decode()


@pytest.mark.django_db
def test_the_setup_page_does_not_redirect_elsewhere(client, kit_user):
    client.force_login(kit_user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=kit_user)
    response = client.post(SETUP, {"otp_token": code(device), "next": "https://evil.example/"})
    assert response.url == "/admin/"


@pytest.mark.django_db
def test_users_without_admin_access_cannot_set_up_a_device(client, steering_user):
    client.force_login(steering_user)
    assert client.get(SETUP).status_code == 403


@pytest.mark.django_db
class TestLoginWithSecondFactor:
    def test_password_alone_is_not_enough(self, client, kit_user, device):
        response = log_in(client, kit_user)
        assert response.status_code == 200
        assert "Bitte geben Sie auch den Code" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_wrong_code_is_refused_and_counts_towards_the_lockout(self, client, kit_user, device):
        wrong = "000000" if code(device) != "000000" else "111111"
        response = log_in(client, kit_user, wrong)
        assert "Der Code ist falsch" in response.content.decode()
        assert "_auth_user_id" not in client.session
        for _attempt in range(4):
            log_in(client, kit_user, wrong)
        assert log_in(client, kit_user, code(device)).status_code == 429

    def test_password_and_code_log_in_verified(self, client, kit_user, device):
        response = log_in(client, kit_user, code(device))
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(kit_user.pk)
        assert client.session["otp_device_id"] == device.persistent_id

    def test_users_without_a_device_log_in_with_the_password(self, client, steering_user):
        assert log_in(client, steering_user).status_code == 302


@pytest.mark.django_db
class TestSuperusers:
    def test_without_a_device_the_admin_sends_them_to_set_one_up(self, enforced, client, superuser):
        log_in(client, superuser)
        response = client.get("/admin/actionplan/measure/")
        assert response.status_code == 302
        assert response.url.startswith(SETUP)
        # After setting up the app the admin opens.
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=superuser)
        assert client.post(SETUP, {"otp_token": code(device), "next": "/admin/"}).url == "/admin/"
        assert client.get("/admin/actionplan/measure/").status_code == 200

    def test_with_a_device_they_log_in_with_the_code_and_reach_the_admin(self, enforced, client, superuser):
        device = TOTPDevice.objects.create(user=superuser, name="Telefon", confirmed=True)
        assert log_in(client, superuser, code(device)).status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_a_session_without_the_code_is_sent_back_to_log_in(self, enforced, superuser):
        TOTPDevice.objects.create(user=superuser, name="Telefon", confirmed=True)
        client = Client()
        client.force_login(superuser)
        response = client.get("/admin/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")

    def test_a_lost_device_is_reset_by_another_superuser(self, client, superuser, kit_user, device):
        client.force_login(superuser)
        response = client.post(
            "/admin/integration_portal/user/",
            {"action": "reset_second_factor", "_selected_action": [kit_user.pk]},
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=kit_user).exists()
        assert log_in(Client(), kit_user).status_code == 302


@pytest.mark.django_db
def test_login_and_setup_pages_need_a_fixed_number_of_queries(client, kit_user, device):
    with count_queries() as login_page:
        client.get("/accounts/login/")
    assert login_page == []
    with count_queries() as login:
        log_in(client, kit_user, code(device))
    # lockout checks (client, account), user, devices (has one? which matches?), device update, last_login,
    # session, audit of axes, the role groups (where the user lands)
    assert len(login) == 13, login
    with count_queries() as setup_page:
        client.get(SETUP)
    # session, user, verified device, confirmed devices
    assert len(setup_page) == 4, setup_page


@pytest.mark.django_db
def test_without_a_device_superusers_get_no_page_outside_the_admin_either(enforced, client, superuser):
    log_in(client, superuser)
    slug = superuser.district.slug
    for url in (
        reverse("steering:overview"),
        reverse("steering:measure_list"),
        reverse("steering:export_xlsx"),
        reverse("steering:export_pdf"),
        reverse("papers:paper_list", kwargs={"slug": slug}),
        reverse("actionplan:district_detail", kwargs={"slug": slug}),
        reverse("actionplan:home"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SETUP), url
    # Setting up the app, logging out and resetting the password stay open.
    assert client.get(SETUP).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    device = TOTPDevice.objects.get(user=superuser)
    client.post(SETUP, {"otp_token": code(device), "next": reverse("actionplan:home")})
    assert client.get(reverse("actionplan:home")).status_code == 200
    assert client.get(reverse("papers:paper_list", kwargs={"slug": slug})).status_code == 200
