"""Throttles: password-reset mails per address and per client, a login limit per account over all clients
that the account's own browser is exempt from, and lockouts that end a cool-off after their first failure."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ..factories import PASSWORD, UserFactory
from .test_login import WRONG, login

RESET = "/accounts/password-reset/"
pytestmark = pytest.mark.django_db


def reset(client, email, address="198.51.100.20"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, follow=True)


class TestPasswordReset:
    def test_twenty_requests_for_one_address_send_three_mails(self, client, kit_user):
        kit_user.email = "kit@kreis-rd.example"
        kit_user.save()
        for number in range(20):
            reset(Client(), "KIT@kreis-rd.example", address=f"198.51.100.{number}")
        assert len(mail.outbox) == 3
        assert all(message.to == ["kit@kreis-rd.example"] for message in mail.outbox)

    def test_one_client_gets_at_most_ten_resets_an_hour(self, client, district):
        users = [UserFactory(username=f"person-{n}", district=district, email=f"p{n}@kreis.example") for n in range(12)]
        for user in users:
            reset(client, user.email)
        assert len(mail.outbox) == 10
        # Another client is not held back by that one.
        reset(Client(), users[-1].email, address="198.51.100.99")
        assert len(mail.outbox) == 11

    def test_known_unknown_and_throttled_addresses_get_the_same_answer(self, client, kit_user):
        kit_user.email = "kit@kreis-rd.example"
        kit_user.save()
        answers = [reset(Client(), email) for email in ["kit@kreis-rd.example", "niemand@kreis.example"]]
        for _attempt in range(5):
            answers.append(reset(Client(), "kit@kreis-rd.example", address="198.51.100.30"))
        assert len({(a.status_code, a.redirect_chain[-1][0], a.content) for a in answers}) == 1
        assert answers[0].status_code == 200
        assert "sofern ein entsprechendes Konto existiert" in answers[0].content.decode()


@pytest.fixture
def clock(monkeypatch):
    """The time as django-axes and the portal see it, moved on by the test."""
    state = {"now": timezone.now()}

    def now():
        return state["now"]

    for target in ("django.utils.timezone.now", "axes.handlers.proxy.now", "axes.attempts.now"):
        monkeypatch.setattr(target, now)

    def advance(**delta):
        state["now"] += timedelta(**delta)

    return advance


class TestAccountLimit:
    def test_rotating_addresses_is_slowed_by_the_limit_per_account(self, kit_user):
        for number in range(20):
            login(Client(), kit_user.username, WRONG, address=f"203.0.113.{number}")
        # 20 failures, none more than one per address: the account is locked for new browsers.
        locked = login(Client(), kit_user.username, PASSWORD, address="203.0.113.200")
        assert locked.status_code == 429
        assert "Anmeldung gesperrt" in locked.content.decode()

    def test_the_users_own_browser_still_logs_in(self, client, kit_user):
        assert login(client, kit_user.username, PASSWORD).status_code == 302
        client.post("/accounts/logout/")
        for number in range(30):
            login(Client(), kit_user.username, WRONG, address=f"203.0.113.{number}")
        assert login(client, kit_user.username, PASSWORD).status_code == 302

    def test_a_device_cookie_of_another_account_does_not_help(self, client, kit_user, steering_user):
        assert login(client, steering_user.username, PASSWORD).status_code == 302
        client.post("/accounts/logout/")
        for number in range(20):
            login(Client(), kit_user.username, WRONG, address=f"203.0.113.{number}")
        assert login(client, kit_user.username, PASSWORD).status_code == 429

    def test_the_account_lock_ends_after_the_cool_off_whatever_the_attacker_does(self, kit_user, clock):
        for number in range(20):
            login(Client(), kit_user.username, WRONG, address=f"203.0.113.{number}")
        for number in range(29):
            clock(minutes=1)
            login(Client(), kit_user.username, WRONG, address=f"192.0.2.{number}")  # refused, not counted
        clock(minutes=1, seconds=1)
        assert login(Client(), kit_user.username, PASSWORD, address="203.0.113.250").status_code == 302


class TestLockoutWindow:
    def test_retries_during_the_lockout_do_not_extend_it(self, client, kit_user, clock):
        for _attempt in range(5):
            login(client, kit_user.username, WRONG)
        # Retrying every 10 seconds for 29 minutes keeps being refused ...
        for _retry in range(29 * 6):
            clock(seconds=10)
            assert login(client, kit_user.username, WRONG).status_code == 429
        # ... and the lockout still ends 30 minutes after the first failure.
        clock(minutes=1, seconds=1)
        assert login(client, kit_user.username, PASSWORD).status_code == 302

    def test_the_window_starts_at_its_first_failure(self, client, kit_user, clock):
        # Four failures spread over 40 minutes: the first ones have left the window when the last comes.
        for _attempt in range(4):
            login(client, kit_user.username, WRONG)
            clock(minutes=10)
        clock(minutes=1)
        for _attempt in range(3):
            login(client, kit_user.username, WRONG)
        assert login(client, kit_user.username, PASSWORD).status_code == 302
