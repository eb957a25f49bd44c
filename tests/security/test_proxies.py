"""X-Forwarded-For and X-Forwarded-Proto are believed only from TRUSTED_PROXIES: a client that reaches the
application server directly chooses neither its address (login lockout, survey rate limit) nor HTTPS."""

import pytest
from django.test import Client

from integration_portal.proxies import client_address

from ..factories import PASSWORD
from ..test_deployment import run_manage
from .test_login import WRONG, login

PROXY = "10.0.0.2"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [PROXY, "fd00::/64"]
    return settings


@pytest.mark.django_db
class TestClientAddress:
    def test_a_direct_client_cannot_escape_the_lockout_with_made_up_addresses(self, client, kit_user, behind_nginx):
        # The peer is no trusted proxy: eight made-up X-Forwarded-For addresses are one client.
        for number in range(8):
            login(client, kit_user.username, WRONG, address="203.0.113.50", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        response = login(client, kit_user.username, PASSWORD, address="203.0.113.50", HTTP_X_FORWARDED_FOR="192.0.2.99")
        assert response.status_code == 429

    def test_clients_behind_a_trusted_proxy_are_told_apart(self, client, kit_user, behind_nginx):
        for _attempt in range(5):
            login(client, kit_user.username, WRONG, address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert (
            login(client, kit_user.username, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code
            == 429
        )
        other = login(Client(), kit_user.username, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.6")
        assert other.status_code == 302

    def test_entries_the_client_put_in_front_are_never_used(self, client, kit_user, behind_nginx):
        for number in range(5):
            forged = f"192.0.2.{number}, 203.0.113.5"
            login(client, kit_user.username, WRONG, address=PROXY, HTTP_X_FORWARDED_FOR=forged)
        forged = "192.0.2.99, 203.0.113.5"
        assert login(client, kit_user.username, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=forged).status_code == 429

    def test_without_trusted_proxies_the_header_is_ignored(self, client, kit_user, settings):
        settings.TRUSTED_PROXIES = []
        for number in range(5):
            login(client, kit_user.username, WRONG, address=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        assert (
            login(client, kit_user.username, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code
            == 429
        )


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.50", "192.0.2.1", "203.0.113.50"),  # untrusted peer: header ignored
        (PROXY, "192.0.2.1", "192.0.2.1"),
        (PROXY, "192.0.2.1, 10.0.0.2", "192.0.2.1"),  # a chain of trusted proxies is skipped
        ("fd00::7", "2001:db8::1", "2001:db8::1"),  # a trusted IPv6 network
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", None),
    ],
)
def test_client_address_reads_x_forwarded_for_only_from_trusted_proxies(rf, behind_nginx, peer, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


PROTO_PROBE = """
from django.test import Client
for peer in ("10.0.0.2", "203.0.113.50"):
    r = Client().get("/accounts/login/", REMOTE_ADDR=peer, HTTP_HOST="integrationsportal.example.org",
                     HTTP_X_FORWARDED_PROTO="https")
    print(peer, r.status_code, r.get("Location", "-"), r.get("Strict-Transport-Security", "-")[:8])
"""


def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy():
    # Production settings: plain HTTP is redirected to HTTPS unless a trusted proxy says it was HTTPS.
    result = run_manage("shell", "-c", PROTO_PROBE, DATABASE_URL="sqlite://:memory:", TRUSTED_PROXIES=PROXY)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-2:]
    assert lines[0] == "10.0.0.2 200 - max-age="
    assert lines[1] == "203.0.113.50 301 https://integrationsportal.example.org/accounts/login/ -"


def test_a_wrong_trusted_proxies_entry_stops_the_start():
    result = run_manage("check", TRUSTED_PROXIES="10.0.0.2,nginx")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx'" in result.stderr


def test_the_old_proxy_count_setting_is_refused_with_a_pointer_to_the_new_one():
    result = run_manage("check", TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
