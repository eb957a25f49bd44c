"""Login: strong passwords, one message for every failure, lockout after repeated failures per username and
client address, the real address behind the reverse proxy, and audit lines without passwords."""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ..factories import PASSWORD

LOGIN = "/accounts/login/"
WRONG = "Falsches-Passwort-123"


def login(client, username, password, address="198.51.100.7", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def error_text(response):
    return " ".join(str(error) for error in response.context["form"].non_field_errors())


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kurz-2025!", "mindestens 12 Zeichen"),
        ("password1234", "zu üblich"),
        ("123456789012345", "komplett numerisch"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert message in " ".join(error.value.messages)


def test_a_long_passphrase_is_accepted():
    validate_password("Fahrradkeller-Rendsburg-2025")


@pytest.mark.django_db
def test_unknown_user_and_wrong_password_get_the_same_answer(client, kit_user):
    unknown = login(client, "niemand", WRONG)
    wrong = login(client, kit_user.username, WRONG)
    assert unknown.status_code == wrong.status_code == 200
    assert error_text(unknown) == error_text(wrong)
    # Not Django's "Bitte Benutzername und Passwort eingeben", which reads as if the fields were empty.
    assert "Benutzername oder das Passwort ist falsch" in error_text(wrong)
    assert "eingeben" not in error_text(wrong)


@pytest.mark.django_db
def test_inactive_user_gets_the_same_answer_as_a_wrong_password(client, kit_user):
    kit_user.is_active = False
    kit_user.save()
    assert error_text(login(client, kit_user.username, PASSWORD)) == error_text(login(client, "niemand", WRONG))


@pytest.mark.django_db
def test_correct_login_works(client, kit_user):
    response = login(client, kit_user.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(kit_user.pk)


@pytest.mark.django_db
class TestLockout:
    def test_five_failures_lock_out_the_username_from_that_client_for_30_minutes(self, client, kit_user):
        for _attempt in range(4):
            assert login(client, kit_user.username, WRONG).status_code == 200
        # The fifth failure locks out; now even the right password is refused, with the German lockout page.
        assert login(client, kit_user.username, WRONG).status_code == 429
        locked = login(client, kit_user.username, PASSWORD)
        assert locked.status_code == 429
        assert "Anmeldung gesperrt" in locked.content.decode()
        assert "30 Minuten" in locked.content.decode()
        assert "_auth_user_id" not in client.session
        # The page names the way out: the password-reset link.
        assert f'href="{reverse("password_reset")}"' in locked.content.decode()

    def test_four_failures_do_not_lock_out(self, client, kit_user):
        for _attempt in range(4):
            login(client, kit_user.username, WRONG)
        assert login(client, kit_user.username, PASSWORD).status_code == 302

    def test_lockout_is_per_username_and_client(self, client, kit_user, steering_user):
        for _attempt in range(5):
            login(client, kit_user.username, WRONG)
        assert login(client, kit_user.username, PASSWORD).status_code == 429
        # The same person from another computer, and another person from this computer, may log in.
        assert login(Client(), kit_user.username, PASSWORD, address="198.51.100.8").status_code == 302
        assert login(Client(), steering_user.username, PASSWORD).status_code == 302

    def test_lockout_ends_after_the_cool_off(self, client, kit_user):
        for _attempt in range(5):
            login(client, kit_user.username, WRONG)
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
        assert login(client, kit_user.username, PASSWORD).status_code == 302

    def test_limit_and_cool_off_are_settings(self, client, kit_user, settings):
        settings.AXES_FAILURE_LIMIT = 2
        settings.AXES_COOLOFF_TIME = timedelta(minutes=90)
        login(client, kit_user.username, WRONG)
        login(client, kit_user.username, WRONG)
        locked = login(client, kit_user.username, PASSWORD)
        assert locked.status_code == 429
        assert "90 Minuten" in locked.content.decode()

    def test_unknown_usernames_are_locked_out_alike(self, client):
        for _attempt in range(5):
            login(client, "niemand", WRONG)
        assert login(client, "niemand", WRONG).status_code == 429

    def test_admin_login_goes_through_the_same_lockout(self, client, kit_user):
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


@pytest.mark.django_db
def test_audit_lines_of_logins_failures_lockouts_and_logouts_hold_no_password(client, kit_user, caplog):
    with caplog.at_level(logging.DEBUG):
        for _attempt in range(5):
            login(client, kit_user.username, WRONG)
        login(client, kit_user.username, PASSWORD)
        AccessAttempt.objects.all().delete()
        login(Client(), kit_user.username, PASSWORD)
        other = Client()
        login(other, kit_user.username, PASSWORD)
        other.post("/accounts/logout/")
    audit = [r.getMessage() for r in caplog.records if r.name == "integration_portal.audit"]
    assert any(
        line.startswith(f"event=login_failed user=- username={kit_user.username} ip=198.51.100.7") for line in audit
    )
    assert any(line.startswith("event=lockout") and kit_user.username in line for line in audit)
    assert any(
        line.startswith(f"event=login user={kit_user.username} district={kit_user.district_id}") for line in audit
    )
    assert any(line.startswith(f"event=logout user={kit_user.username}") for line in audit)
    everything = "\n".join(str(r.__dict__) for r in caplog.records)
    assert WRONG not in everything and PASSWORD not in everything
    stored = "".join(str(values) for values in AccessAttempt.objects.values())
    assert WRONG not in stored


@pytest.mark.django_db
def test_login_page_offers_the_second_factor_field_and_no_autocomplete_of_codes(client):
    content = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in content
    assert 'autocomplete="one-time-code"' in content


@pytest.mark.django_db
class TestLanding:
    """Without a `next`, each role lands where it works; a safe `next` wins, an unsafe one is ignored."""

    def test_kit_staff_land_in_the_admin(self, client, kit_user):
        assert login(client, kit_user.username, PASSWORD).url == reverse("admin:index")

    def test_the_steering_group_lands_in_its_workspace(self, client, steering_user):
        assert login(client, steering_user.username, PASSWORD).url == reverse("steering:overview")

    def test_committee_members_land_in_the_papers_of_their_district(self, client, committee_user):
        response = login(client, committee_user.username, PASSWORD)
        assert response.url == reverse("papers:paper_list", kwargs={"slug": committee_user.district.slug})
        assert client.get(response.url).status_code == 200

    def test_a_safe_next_wins(self, client, committee_user):
        target = reverse("steering:overview")
        response = client.post(
            f"{LOGIN}?next={target}", {"username": committee_user.username, "password": PASSWORD, "next": target}
        )
        assert response.url == target

    def test_an_unsafe_next_is_ignored(self, client, steering_user):
        response = client.post(
            LOGIN, {"username": steering_user.username, "password": PASSWORD, "next": "https://evil.example/"}
        )
        assert response.url == reverse("steering:overview")


@pytest.mark.django_db
def test_the_login_link_of_the_start_page_lets_each_role_land_where_it_works(client, kit_user, district):
    home = client.get(reverse("actionplan:home")).content.decode()
    link = re.search(r'href="([^"]*)">Anmelden</a>', home).group(1).replace("&amp;", "&")
    assert "next=" not in link
    plan_page = client.get(reverse("actionplan:district_detail", kwargs={"slug": district.slug})).content.decode()
    assert "next=" in re.search(r'href="([^"]*)">Anmelden</a>', plan_page).group(1)
    response = client.post(link, {"username": kit_user.username, "password": PASSWORD})
    assert response.url == reverse("admin:index")
