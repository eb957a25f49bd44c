"""Security headers and cookies on every response, production's HTTPS settings, and DEBUG never on outside
development."""

import json
import re

import pytest
from django.conf import settings

from ..test_deployment import ROOT, run_manage

PRODUCTION_PROBE = """
import json
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True, HTTP_HOST="integrationsportal.example.org")
cookies = {name: dict(morsel) for name, morsel in response.cookies.items()}
print(json.dumps({
    "debug": settings.DEBUG,
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": cookies,
    "session_cookie": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE,
                       settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE],
}))
"""


@pytest.fixture(scope="module")
def production():
    # Every request is a transaction (ATOMIC_REQUESTS): an empty in-memory database serves the probe.
    result = run_manage("shell", "-c", PRODUCTION_PROBE, DATABASE_URL="sqlite://:memory:")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/districts/rendsburg-eckernfoerde/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, district, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_production_sends_hsts_for_a_year_with_subdomains_and_secure_cookies(production):
    headers = production["headers"]
    assert production["status"] == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    csrf = production["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True and csrf["httponly"] is True and csrf["samesite"] == "Lax"
    assert production["session_cookie"] == ["__Host-sessionid", True, True, "Lax"]


def test_production_redirects_plain_http_to_https():
    result = run_manage(
        "shell",
        "-c",
        "from django.test import Client; r = Client().get('/', HTTP_HOST='integrationsportal.example.org');"
        "print(r.status_code, r['Location'])",
        DATABASE_URL="sqlite://:memory:",
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["301", "https://integrationsportal.example.org/"]


def test_debug_is_off_in_production_and_in_the_tests(production):
    assert production["debug"] is False
    assert settings.DEBUG is False


def test_production_refuses_to_start_with_debug_on():
    result = run_manage("check", DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must not be on in production" in result.stderr


def test_cookies_are_httponly_and_samesite_everywhere():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_hsts_preload_is_off_unless_the_operator_turns_it_on(production):
    # A district's domain may host other services that do not speak HTTPS.
    assert "preload" not in production["headers"]["Strict-Transport-Security"]
    result = run_manage(
        "shell",
        "-c",
        "from django.test import Client; r = Client().get('/accounts/login/', secure=True,"
        " HTTP_HOST='integrationsportal.example.org'); print(r['Strict-Transport-Security'])",
        DATABASE_URL="sqlite://:memory:",
        SECURE_HSTS_PRELOAD="true",
    )
    assert result.stdout.strip().splitlines()[-1] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("backend", ["console", "filebased"])
def test_production_refuses_mail_backends_that_would_log_reset_links(backend):
    result = run_manage("check", EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert result.returncode != 0
    assert "password-reset links" in result.stderr


def test_env_example_does_not_offer_the_console_mail_backend():
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend$", example, re.M)
    assert not re.search(r"EMAIL_BACKEND=\S*(console|filebased)", example)
