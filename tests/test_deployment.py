"""Production settings pass Django's deployment checks, and never create demo accounts."""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from integration_portal.models import User

ROOT = Path(__file__).resolve().parent.parent


@cache
def collected_static_root():
    """A STATIC_ROOT collected once per test run: production pages link the hashed names of its manifest."""
    folder = tempfile.mkdtemp(prefix="portal-static-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    result = run_manage("collectstatic", "--noinput", "-v", "0", STATIC_ROOT=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def run_manage(*args, **env):
    if "STATIC_ROOT" not in env:
        env["STATIC_ROOT"] = collected_static_root()
    # A clean production environment: nothing the test run itself set.
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
            "SECRET_KEY": "x7#kq" * 12,
            "ALLOWED_HOSTS": "integrationsportal.example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_demo_setup_refuses_outside_development(settings):
    settings.DEMO_SETUP_ALLOWED = False
    with pytest.raises(CommandError, match="Entwicklungseinstellungen"):
        call_command("setup_demo")
    assert not User.objects.exists()
