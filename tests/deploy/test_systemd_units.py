"""The shipped systemd units (deploy/systemd/): an app node per port and the task worker, both hardened.

Read as systemd reads them, and checked by `systemd-analyze verify` (with the code's paths pointed at this
checkout) where systemd is installed."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent.parent
UNITS = ROOT / "deploy" / "systemd"
PRODUCTION_SETTINGS = ROOT / "integration_portal" / "settings" / "production.py"
WEB = UNITS / "integrationsportal-web@.service"
WORKER = UNITS / "integrationsportal-worker.service"
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectControlGroups": "yes",
    "RestrictNamespaces": "yes",
    "RestrictSUIDSGID": "yes",
    "LockPersonality": "yes",
    "CapabilityBoundingSet": "",
    "UMask": "0027",
}


def unit_sections(path):
    """{section: [(key, value), …]} as systemd reads a unit: comments skipped, keys may repeat."""
    sections, current = {}, None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, separator, value = line.partition("=")
        assert separator and current is not None, f"{path.name}: {line}"
        current.append((key.strip(), value.strip()))
    return sections


def service(path):
    entries = unit_sections(path)["Service"]
    values = dict(entries)
    values["Environment"] = [value for key, value in entries if key == "Environment"]
    return values


@pytest.mark.parametrize("path", [WEB, WORKER], ids=["web", "worker"])
def test_units_run_unprivileged_and_hardened_with_the_production_settings(path):
    sections = unit_sections(path)
    assert set(sections) == {"Unit", "Service", "Install"}
    values = service(path)
    assert values["User"] == values["Group"] == "integrationsportal"
    assert {key: values.get(key) for key in HARDENING} == HARDENING
    # The only folder it writes holds the production defaults of STATIC_ROOT and MEDIA_ROOT.
    writable = Path(values["ReadWritePaths"])
    defaults = re.findall(r'env.path\("(?:STATIC|MEDIA)_ROOT", default="([^"]+)"\)', PRODUCTION_SETTINGS.read_text())
    assert len(defaults) == 2
    assert all(Path(folder).is_relative_to(writable) for folder in defaults), defaults
    assert "DJANGO_SETTINGS_MODULE=integration_portal.settings.production" in values["Environment"]
    assert values["EnvironmentFile"] == "/etc/integrationsportal/env"
    assert values["Restart"] in ("on-failure", "always")
    assert dict(sections["Install"])["WantedBy"] == "multi-user.target"


def test_the_web_unit_is_one_gunicorn_node_per_port_with_the_shipped_configuration():
    values = service(WEB)
    assert values["ExecStart"].split()[1:] == ["-c", "deploy/gunicorn.conf.py", "integration_portal.wsgi:application"]
    assert values["ExecStart"].split()[0].endswith("/.venv/bin/gunicorn")
    assert "GUNICORN_BIND=127.0.0.1:%i" in values["Environment"]
    # gunicorn tells systemd when it is ready; a stop lets running requests finish (graceful_timeout 30 s).
    assert values["Type"] == "notify"
    assert int(values["TimeoutStopSec"]) > 30


def test_the_worker_unit_runs_the_documented_command():
    values = service(WORKER)
    assert values["ExecStart"].split()[1:] == ["manage.py", "run_worker"]
    assert "run_worker" in get_commands()
    assert values["Restart"] == "always"


def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    # Where systemd is missing (a container), the structural tests above stand alone.
    if analyze is None:
        assert unit_sections(WEB) and unit_sections(WORKER)
        return
    (tmp_path / "env").write_text("")
    for source, name in [(WEB, "integrationsportal-web@8000.service"), (WORKER, WORKER.name)]:
        text = source.read_text().replace("/opt/integrationsportal", str(ROOT))
        (tmp_path / name).write_text(text.replace("/etc/integrationsportal/env", str(tmp_path / "env")))
    result = subprocess.run(  # noqa: S603 - our own units
        [analyze, "verify", "--man=no", "integrationsportal-web@8000.service", WORKER.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Unknown keys and unparsable values are only warnings: any output fails.
    assert result.returncode == 0 and not result.stdout + result.stderr, result.stdout + result.stderr
