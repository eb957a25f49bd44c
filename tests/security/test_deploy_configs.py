"""The shipped web-server configurations (deploy/): gunicorn and nginx log the survey's requests without client
address or user agent, pass X-Forwarded-Proto and X-Request-ID, and fit the portal's limits. Both servers
are run here with the shipped files in front of the portal."""

import http.client
import os
import re
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actionplan import imports
from integration_portal.uploads import MAX_UPLOAD_BYTES

from ..integration_portal.production_node import NGINX_SITE, free_port, wait_for, write_nginx_config
from ..integration_portal.production_node import nginx_binary as nginx_binary_path
from ..test_deployment import collected_static_root

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
SECRET_AGENT = "Heimlicher-Browser/1.0"
VISIBLE_AGENT = "Sichtbarer-Browser/2.0"
RESPONDENT = "203.0.113.77"


def directive(text, name):
    """The values of every `name …;` directive of the nginx file."""
    return [value.strip() for value in re.findall(rf"^\s*{name}\s+([^;]+);", text, re.M)]


def nginx_seconds(value):
    return int(value.rstrip("s"))


class TestShippedFiles:
    # The directives, without comments.
    site = "\n".join(line.split("#", 1)[0] for line in NGINX_SITE.read_text().splitlines())

    def test_nginx_logs_survey_requests_in_a_format_without_address_or_user_agent(self):
        (pattern,) = re.findall(r"~(\^/\S+)\s+1;", self.site)
        for path in ("/umfrage/de/3/", "/survey/ar/3/", "/umfrage/3/", "/survey"):
            assert re.match(pattern, path), path
        for path in ("/accounts/login/", "/beteiligung/umfragen/3/auswertung/", "/steering/survey/"):
            assert not re.match(pattern, path), path
        formats = dict(re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", self.site))
        anonymous = formats["portal_anonymous"]
        for variable in ("$remote_addr", "$http_user_agent", "$http_x_forwarded_for", "$realip_remote_addr"):
            assert variable not in anonymous
        assert "$remote_addr" in formats["portal_full"] and "$http_user_agent" in formats["portal_full"]
        logs = directive(self.site, "access_log")
        assert logs and all(log.endswith(("if=$portal_survey", "if=$portal_not_survey", "off")) for log in logs)
        assert all("portal_anonymous" in log for log in logs if log.endswith("if=$portal_survey"))

    def test_nginx_passes_proto_request_id_and_replaces_forwarded_for(self):
        headers = directive(self.site, "proxy_set_header")
        assert "X-Forwarded-Proto $scheme" in headers
        assert "X-Request-ID $request_id" in headers
        # The client's own X-Forwarded-For is replaced, never appended to.
        assert "X-Forwarded-For $remote_addr" in headers

    def test_nginx_limits_fit_the_portal(self):
        (body,) = directive(self.site, "client_max_body_size")
        limit = int(body.rstrip("m")) * 1024 * 1024
        assert MAX_UPLOAD_BYTES < limit <= MAX_UPLOAD_BYTES + 2 * 1024 * 1024
        assert imports.MAX_BYTES < limit
        (read_timeout,) = directive(self.site, "proxy_read_timeout")
        gunicorn = self.gunicorn_settings()
        assert nginx_seconds(read_timeout) < gunicorn["timeout"]
        assert directive(self.site, "ssl_protocols") == ["TLSv1.2 TLSv1.3"]
        assert not re.search(r"location\s+[^{]*/media", self.site)  # uploads only through the portal

    def test_nginx_sends_each_request_to_a_free_process_of_two_nodes(self):
        (upstream,) = re.findall(r"upstream\s+integrationsportal\s*{([^}]*)}", self.site)
        assert len(directive(upstream, "server")) == 2
        # To the node with the fewest requests in progress, not in turns: a download is not sent to a node
        # busy with admin pages while the other waits.
        assert re.search(r"^\s*least_conn;", upstream, re.M)
        # A new connection per request, taken by a gunicorn process that is free: a kept-alive connection
        # would tie requests to one process, and a quick one would wait behind a long page there.
        assert not directive(upstream, "keepalive")
        assert self.gunicorn_settings()["worker_class"] == "sync"

    def test_nginx_leaves_the_static_files_cache_headers_to_whitenoise(self):
        # WhiteNoise marks hashed names immutable for a year and revalidates the rest; a second rule from nginx
        # (expires, its own Cache-Control) would contradict it for the same files.
        assert not directive(self.site, "expires")
        assert not [header for header in directive(self.site, "add_header") if "Cache-Control" in header]
        (static,) = re.findall(r"location\s+/static/\s*{([^}]*)}", self.site)
        assert directive(static, "proxy_pass") == ["http://integrationsportal"]

    @staticmethod
    def gunicorn_settings():
        namespace = {"__file__": str(GUNICORN_CONF)}
        exec(compile(GUNICORN_CONF.read_text(), str(GUNICORN_CONF), "exec"), namespace)  # noqa: S102
        return namespace

    def test_gunicorn_leaves_the_https_decision_to_the_portal(self):
        conf = self.gunicorn_settings()
        assert conf["secure_scheme_headers"] == {}
        assert conf["logger_class"] == "integration_portal.accesslog.SurveyPrivacyLogger"
        assert "%({x-request-id}i)s" in conf["access_log_format"]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """gunicorn with deploy/gunicorn.conf.py and nginx with the shipped site in front of it, both on free ports."""
    nginx_binary = nginx_binary_path()
    folder = tmp_path_factory.mktemp("deploy")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")},
        "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
        "SECRET_KEY": "x7#kq" * 12,
        "ALLOWED_HOSTS": "127.0.0.1,integrationsportal.example.org",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "STATIC_ROOT": collected_static_root(),
        "TRUSTED_PROXIES": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(folder / "gunicorn.log"),
        "GUNICORN_ERROR_LOG": str(folder / "gunicorn-error.log"),
    }
    gunicorn = subprocess.Popen(  # noqa: S603 - our own gunicorn with the shipped configuration
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(GUNICORN_CONF),
            "integration_portal.wsgi:application",
        ],
        cwd=ROOT,
        env=environment,
    )
    nginx = None
    try:
        nginx_conf = write_nginx_config(folder, [app_port], http_port, https_port)
        nginx = subprocess.Popen(  # noqa: S603 - the shipped site, our own arguments
            [nginx_binary, "-p", str(folder), "-c", str(nginx_conf), "-g", "daemon off;"], stderr=subprocess.PIPE
        )
        wait_for(app_port)
        wait_for(https_port)
        yield {
            "nginx": nginx_binary,
            "folder": folder,
            "app": app_port,
            "https": https_port,
            "http": http_port,
            "conf": nginx_conf,
        }
    finally:
        for process in (nginx, gunicorn):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)


def request(port, method, path, agent, secure=True, headers=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own throw-away certificate
    if secure:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = {"User-Agent": agent, "Host": "integrationsportal.example.org", **(headers or {})}
    connection.request(method, path, body="a=1" if method == "POST" else None, headers=all_headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def log_lines(path, marker):
    for _attempt in range(50):
        lines = [line for line in path.read_text().splitlines() if marker in line] if path.exists() else []
        if lines:
            return lines
        time.sleep(0.1)
    raise AssertionError(f"no line with {marker} in {path.name}")


def test_the_shipped_nginx_configuration_passes_nginx_t(servers):
    result = subprocess.run(  # noqa: S603 - the shipped site, our own arguments
        [servers["nginx"], "-t", "-p", str(servers["folder"]), "-c", str(servers["conf"])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("prefix", ["umfrage", "survey"])
def test_survey_requests_are_logged_without_address_or_user_agent_by_both_servers(servers, prefix):
    path = f"/{prefix}/de/{servers['https']}/"
    request(servers["https"], "POST", path, SECRET_AGENT, headers={"X-Forwarded-For": RESPONDENT})
    request(servers["https"], "GET", "/accounts/login/", VISIBLE_AGENT)
    for log in ("integrationsportal.access.log", "gunicorn.log"):
        (survey,) = log_lines(servers["folder"] / log, path)
        assert SECRET_AGENT not in survey and RESPONDENT not in survey
        assert "127.0.0.1" not in survey, survey
        assert "POST" in survey
        other = log_lines(servers["folder"] / log, "/accounts/login/")[-1]
        assert "127.0.0.1" in other and VISIBLE_AGENT in other


def test_the_portal_sees_https_and_the_request_id_through_nginx(servers):
    response = request(servers["https"], "GET", "/accounts/login/", VISIBLE_AGENT)
    # The portal believed nginx's X-Forwarded-Proto (a trusted proxy): no redirect, HSTS sent.
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    request_id = response.getheader("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = log_lines(servers["folder"] / "gunicorn.log", request_id)
    assert "GET /accounts/login/" in line and line.endswith(request_id)
    plain = request(servers["http"], "GET", "/accounts/login/", VISIBLE_AGENT, secure=False)
    assert plain.status == 301 and plain.getheader("Location").startswith("https://")


def test_a_client_reaching_gunicorn_directly_cannot_claim_https(servers):
    # From 127.0.0.2, which is no trusted proxy (TRUSTED_PROXIES=127.0.0.1): the header is ignored.
    connection = http.client.HTTPConnection("127.0.0.1", servers["app"], timeout=30, source_address=("127.0.0.2", 0))
    headers = {"Host": "integrationsportal.example.org", "X-Forwarded-Proto": "https"}
    connection.request("GET", "/accounts/login/", headers=headers)
    response = connection.getresponse()
    connection.close()
    assert response.status == 301 and response.getheader("Location").startswith("https://")
