"""A production node in a subprocess: the production settings, its own static and media folders."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = Path(__file__).resolve().parent / "wsgi_probe.py"


def production_environment(tmp_path, **overrides):
    # Nothing the test run itself set (settings module, debug) leaks into the node.
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
            "SECRET_KEY": "x7#kq" * 12,
            "ALLOWED_HOSTS": "integrationsportal.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/12",
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            **overrides,
        }
    )
    return environment


def manage(environment, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def ask(environment, *paths, scheme="https"):
    """The WSGI application's answers (status, headers, body) to GET `paths`, and what the node logged."""
    result = subprocess.run(
        [sys.executable, str(PROBE), scheme, *paths],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout), result.stderr


NGINX_SITE = ROOT / "deploy" / "nginx" / "integrationsportal.conf"
UPSTREAM_SERVERS = re.compile(r"^(\s*)server 127\.0\.0\.1:8000 [^;]*;\n(?:\s*server [^;]*;\n)*", re.M)


_PORTS_GIVEN = set()


def free_port():
    """A port nothing listens on: any the system offers, or one of TEST_PORT_RANGE (e.g. 9200-9299) where set."""
    first, _, last = os.environ.get("TEST_PORT_RANGE", "0-0").partition("-")
    candidates = range(int(first), int(last) + 1) if int(first) else [0] * 20
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = sock.getsockname()[1]
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port
    raise AssertionError(f"no free port (TEST_PORT_RANGE {first}-{last})")


def wait_for(port, process=None, log=None, seconds=30):
    """Until something listens on `port`; fails at once when `process`, which should, has ended (its `log`)."""
    for _attempt in range(seconds * 5):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"ended with {process.returncode}: {log.read_text() if log else ''}")
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


def nginx_binary():
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    assert binary, "nginx is missing: apt-get install nginx-light (make browser installs it)"
    return binary


def write_nginx_config(folder, app_ports, http_port, https_port):
    """The shipped site with these app nodes and ports, a throw-away certificate and logs in `folder`."""
    subprocess.run(  # noqa: S603, S607
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )
    site = NGINX_SITE.read_text()
    assert UPSTREAM_SERVERS.search(site), "the upstream's app nodes"
    site = UPSTREAM_SERVERS.sub(
        lambda match: "".join(
            f"{match[1]}server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in app_ports
        ),
        site,
    )
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/ssl/certs/integrationsportal.pem", str(folder / "cert.pem")),
        ("/etc/ssl/private/integrationsportal.key", str(folder / "key.pem")),
        ("/var/log/nginx/", f"{folder}/"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {folder}/site.conf;\n}}\n"
    )
    return conf
