"""Health probes (/healthz, /readyz) and the log lines: JSON on request, one request id per request, 403s."""

import json
import re

import pytest
from django.test import Client

from .production_node import ask, production_environment

CLOSED_PORT = 1  # nothing listens on 127.0.0.1:1
PROXY_ID = "6f1c2e9a0b3d4c5e8f7a6b5c4d3e2f10"


def json_lines(logged):
    # Python's warnings (e.g. WhiteNoise's about a STATIC_ROOT never collected) go to stderr as they are.
    return [json.loads(line) for line in logged.splitlines() if line.startswith("{")]


@pytest.mark.django_db
def test_healthz_answers_without_database_session_or_audit_line(client, django_assert_num_queries, log_lines):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert not [line for line in log_lines() if line["logger"] == "integration_portal.audit"]


@pytest.mark.django_db
def test_readyz_answers_200_when_database_and_cache_answer(client, log_lines):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not response.cookies
    assert not [line for line in log_lines() if line["logger"] == "integration_portal.audit"]


@pytest.mark.django_db
def test_readyz_answers_503_without_internals_when_the_cache_is_unreachable(client, settings, log_lines):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/12",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert client.get("/healthz").status_code == 200
    warnings = [line for line in log_lines() if line["logger"] == "integration_portal.health"]
    assert [line["message"] for line in warnings] == ["Readiness: the cache does not answer."]


def test_production_node_answers_503_when_its_database_is_unreachable_and_healthz_still_200(tmp_path):
    environment = production_environment(
        tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/ip_lane14a", LOG_FORMAT="json"
    )
    # Plain HTTP, as a load balancer probes: no redirect to HTTPS for the probes.
    (ready, health), logged = ask(environment, "/readyz", "/healthz", scheme="http")
    assert (ready["status"], ready["body"]) == (503, "unavailable\n")
    assert (health["status"], health["body"]) == (200, "ok\n")
    assert "set-cookie" not in ready["headers"] and "set-cookie" not in health["headers"]
    lines = json_lines(logged)
    assert any(line["message"] == "Readiness: the database does not answer." for line in lines), logged


def test_json_log_lines_carry_the_proxys_request_id(tmp_path):
    environment = production_environment(
        tmp_path, REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0", LOG_FORMAT="json", PROBE_REQUEST_ID=PROXY_ID
    )
    (ready,), logged = ask(environment, "/readyz")
    assert ready["status"] == 503
    assert ready["headers"]["x-request-id"] == PROXY_ID
    lines = json_lines(logged)
    # Every line of the request carries its id, Django's own line about the 503 as well.
    assert {line["request_id"] for line in lines} == {PROXY_ID}, logged
    warning = next(line for line in lines if line["logger"] == "integration_portal.health")
    assert warning["level"] == "WARNING"
    assert warning["message"] == "Readiness: the cache does not answer."
    assert warning["request_id"] == PROXY_ID
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", warning["time"])


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_only_if_it_looks_like_one(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID=PROXY_ID)["X-Request-ID"] == PROXY_ID
    for given in ["short", "x" * 65, "id with spaces", "id\nevent=login", "<script>alert(1)</script>"]:
        made_up = client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", made_up), given
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert first != second


@pytest.mark.django_db
def test_a_403_is_one_audit_line_with_its_fields_and_the_request_id(kit_client, kit_user, log_lines):
    response = kit_client.get("/admin/integration_portal/district/", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response.status_code == 403
    lines = [line for line in log_lines() if line["level"] != "DEBUG"]
    assert len(lines) == 1, lines
    (line,) = lines
    assert "exception" not in line and "Traceback" not in json.dumps(line)
    assert line["logger"] == "integration_portal.audit"
    assert line["request_id"] == PROXY_ID
    assert line["event"] == "permission_denied"
    assert (line["user"], line["district"]) == (kit_user.username, kit_user.district_id)
    assert (line["path"], line["method"]) == ("/admin/integration_portal/district/", "GET")


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_one_audit_line_without_traceback(kit_user, log_lines):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kit_user)
    logged_in = len(log_lines())
    response = client.post("/accounts/logout/", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response.status_code == 403
    lines = [line for line in log_lines()[logged_in:] if line["level"] != "DEBUG"]
    assert len(lines) == 1, lines
    (line,) = lines
    assert "exception" not in line and "Traceback" not in json.dumps(line)
    assert (line["logger"], line["event"], line["request_id"]) == ("integration_portal.audit", "csrf_failure", PROXY_ID)
    assert (line["user"], line["path"], line["reason"]) == (
        kit_user.username,
        "/accounts/logout/",
        "CSRF cookie not set.",
    )
