"""Audit lines for permission denials in UTC with user and district; German error pages without internals."""

import logging
import re
import shlex

import pytest
from django.conf import settings

from integration_portal.audit import log_event
from integration_portal.logging import UTCFormatter


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.audit")
    return lambda: [record.getMessage() for record in caplog.records if record.name == "integration_portal.audit"]


@pytest.mark.django_db
def test_a_permission_denial_shows_the_german_403_page_and_is_logged(kit_client, kit_user, audit):
    response = kit_client.get("/admin/integration_portal/district/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Zugriff verweigert" in content and "Koordinierungsstelle" in content
    assert "Traceback" not in content and "PermissionDenied" not in content
    assert (
        f"event=permission_denied user={kit_user.username} district={kit_user.district_id} "
        "path=/admin/integration_portal/district/ method=GET"
    ) in audit()


@pytest.mark.django_db
def test_a_crafted_path_cannot_forge_a_second_audit_line(kit_client, audit):
    kit_client.get("/admin/integration_portal/district/%0Aevent=login%20user=admin/")
    assert all("\n" not in line for line in audit())


def test_audit_lines_carry_utc_time():
    formatter = settings.LOGGING["formatters"]["audit"]
    assert formatter["()"] == "integration_portal.logging.UTCFormatter"
    record = logging.LogRecord("integration_portal.audit", logging.INFO, __file__, 1, "event=login", None, None)
    record.created = 0
    record.msecs = 0
    line = UTCFormatter(formatter["format"]).format(record)
    assert line == "1970-01-01T00:00:00.000Z INFO event=login"


def test_every_audit_and_lockout_line_goes_through_the_utc_formatter():
    loggers = settings.LOGGING["loggers"]
    for name in ("integration_portal.audit", "axes"):
        assert loggers[name]["handlers"] == ["audit"]
        assert not loggers[name]["propagate"]


@pytest.mark.django_db
def test_unknown_pages_are_german_without_internals(client):
    response = client.get("/nichts-hier/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Seite nicht gefunden" in content
    assert not re.search(r"urlpatterns|Traceback|Django tried", content)


def _pairs(line):
    """key=value pairs of an audit line as a log parser reads them (shell-like quoting)."""
    return dict(token.split("=", 1) for token in shlex.split(line, posix=True))


@pytest.mark.django_db
def test_a_username_with_spaces_adds_no_fake_pairs_to_the_audit_line(client, audit):
    client.post("/accounts/login/", {"username": "eve user=admin district=1", "password": "x"}, REMOTE_ADDR="192.0.2.4")
    line = next(line for line in audit() if line.startswith("event=login_failed"))
    assert _pairs(line) == {
        "event": "login_failed",
        "user": "-",
        "username": "eve user=admin district=1",
        "ip": "192.0.2.4",
    }


def test_nul_quotes_and_control_characters_in_audit_values_are_escaped(audit):
    log_event("export", file='a"b\x00c\x1b[31md\\e\tf\u2028g')
    line = audit()[-1]
    assert line == 'event=export user=- file="a\\"b\\x00c\\x1b[31md\\\\e\\tf\\u2028g"'
    assert all(ord(char) >= 0x20 for char in line)


def test_lines_written_by_libraries_get_their_control_characters_escaped():
    record = logging.LogRecord("axes", logging.WARNING, __file__, 1, "Locking out %s", ("eve\nINFO event=login",), None)
    line = UTCFormatter("%(levelname)s %(message)s").format(record)
    assert line == "WARNING Locking out eve\\nINFO event=login"
