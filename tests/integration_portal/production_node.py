"""A production node in a subprocess: the production settings, its own static and media folders."""

import json
import os
import subprocess
import sys
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
