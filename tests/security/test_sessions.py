"""Sessions: a new id at login, ended on the server at logout, after 30 idle minutes and after 12 hours;
password-reset links last one hour."""

import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from integration_portal.security import ACTIVITY_KEY, LOGIN_TIME_KEY

from ..factories import PASSWORD

ADMIN = "/admin/"


def log_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_TIME_KEY, "activity": ACTIVITY_KEY}[key]] = now - ago
    session.save()


@pytest.mark.django_db
def test_session_fixation_a_planted_session_id_is_replaced_at_login(client, kit_user):
    planted = SessionStore()
    planted["planted"] = "by the attacker"
    planted.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    new_key = log_in(client, kit_user)
    assert new_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    # The attacker's copy of the old id is not logged in.
    attacker = client.__class__()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get(ADMIN).status_code == 302


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(client, kit_user):
    key = log_in(client, kit_user)
    assert client.get(ADMIN).status_code == 200
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    # A copy of the old cookie no longer opens anything.
    replay = client.__class__()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get(ADMIN).status_code == 302


@pytest.mark.django_db
def test_29_idle_minutes_keep_the_session(client, kit_user):
    log_in(client, kit_user)
    age_session(client, activity=29 * 60)
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_31_idle_minutes_end_the_session(client, kit_user):
    key = log_in(client, kit_user)
    age_session(client, activity=31 * 60)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(ADMIN).status_code == 302


@pytest.mark.django_db
def test_activity_keeps_the_session_alive_beyond_30_minutes(client, kit_user):
    log_in(client, kit_user)
    age_session(client, login=50 * 60, activity=20 * 60)
    assert client.get(ADMIN).status_code == 200
    # The request counted as activity: the idle clock starts again.
    assert time.time() - client.session[ACTIVITY_KEY] < 60


@pytest.mark.django_db
def test_12_hours_after_login_the_session_ends_however_active(client, kit_user):
    key = log_in(client, kit_user)
    age_session(client, login=12 * 3600 + 60, activity=10)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_session_cookie_expires_at_the_latest_after_12_hours(client, kit_user):
    log_in(client, kit_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) <= 12 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


class FixedClock(PasswordResetTokenGenerator):
    def __init__(self, now):
        super().__init__()
        self.fixed_now = now

    def _now(self):
        return self.fixed_now


@pytest.mark.django_db
def test_password_reset_links_last_one_hour(kit_user):
    issued = datetime(2025, 3, 1, 9, 0)
    token = FixedClock(issued).make_token(kit_user)
    assert FixedClock(issued + timedelta(minutes=59)).check_token(kit_user, token)
    assert not FixedClock(issued + timedelta(minutes=61)).check_token(kit_user, token)
