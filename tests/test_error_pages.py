"""Error pages speak German and give away nothing of the internals."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import path, reverse

from integration_portal.urls import urlpatterns as portal_urls

ROOT = Path(__file__).resolve().parent.parent


def broken_view(request):
    raise RuntimeError("internal detail that must not leak")


urlpatterns = [path("broken/", broken_view), *portal_urls]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_server_error_page_is_german_and_plain():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Serverfehler" in content
    assert "internal detail" not in content and "Traceback" not in content


@pytest.mark.django_db
def test_not_found_page_is_german(client):
    response = client.get("/districts/rendsburg-eckernfoerde/plans/999/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _makefile_runserver_options():
    """The options `make run` passes to runserver (Makefile: RUNSERVER_OPTIONS)."""
    makefile = (ROOT / "Makefile").read_text()
    assert "runserver $(RUNSERVER_OPTIONS)" in makefile
    return re.search(r"^RUNSERVER_OPTIONS := (.*)$", makefile, re.MULTILINE).group(1).split()


@pytest.fixture
def demo_server(tmp_path):
    """The demo as `make run` serves it: runserver with the development settings, DEBUG left at its default."""
    port = _free_port()
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(
        DJANGO_SETTINGS_MODULE="integration_portal.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    )
    command = [
        sys.executable,
        "manage.py",
        "runserver",
        *_makefile_runserver_options(),
        "--noreload",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603 # nosec B603
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(150):
            try:
                urllib.request.urlopen(url + "/static/favicon.svg", timeout=2)  # noqa: S310 # nosec B310
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _fetch(url, data=None):
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as response:  # noqa: S310 # nosec B310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_demo_server_shows_the_german_error_pages_and_serves_static_files(demo_server):
    status, content = _fetch(demo_server + "/gibt-es-nicht/")
    assert status == 404
    assert "Seite nicht gefunden" in content
    assert "Using the URLconf" not in content and "DEBUG = True" not in content
    # A form without CSRF token: the German 403 page.
    status, content = _fetch(demo_server + reverse("login"), data=b"username=a&password=b")
    assert status == 403
    assert "Zugriff verweigert" in content
    # The pages keep their look: runserver serves the static files with DEBUG off.
    status, content = _fetch(demo_server + static("css/portal.css"))
    assert status == 200 and content


def test_the_development_settings_show_the_german_server_error_page(tmp_path):
    """The 500 page needs a failing view; the demo's settings decide between it and the debug page."""
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment["DJANGO_SETTINGS_MODULE"] = "integration_portal.settings.dev"
    result = subprocess.run(  # noqa: S603 # nosec B603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
