"""The import rules between the apps hold: `lint-imports` checks the contracts in `.importlinter`."""

import importlib
import inspect
import subprocess  # nosec B404  # runs the project's own linter, no user input
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(config):
    return subprocess.run(  # noqa: S603  # nosec B603
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_apps_import_only_what_their_layer_allows():
    result = _lint_imports(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_fails(tmp_path):
    # The steering workspace reads participation's findings; a contract forbidding that must fail.
    config = tmp_path / "contracts.ini"
    config.write_text(
        "[importlinter]\nroot_packages =\n    steering\n    participation\n\n"
        "[importlinter:contract:x]\nname = Steering without participation\ntype = forbidden\n"
        "source_modules = steering\nforbidden_modules = participation\n",
        encoding="utf-8",
    )
    result = _lint_imports(config)
    assert result.returncode != 0
    assert "steering.views -> participation.selectors" in result.stdout


def test_the_core_and_the_plans_import_no_app_above_them():
    for path in [*ROOT.glob("integration_portal/**/*.py"), *ROOT.glob("actionplan/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        for app in ("participation", "papers", "steering"):
            assert f"from {app}" not in text and f"import {app}" not in text, path


SERVICE_AND_SELECTOR_MODULES = [
    f"{app}.{kind}"
    for app in ("actionplan", "papers", "participation", "steering")
    for kind in ("services", "selectors")
    if (ROOT / app / f"{kind}.py").exists()
]


def test_services_and_selectors_have_typed_signatures():
    untyped = []
    for name in SERVICE_AND_SELECTOR_MODULES:
        module = importlib.import_module(name)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != name:
                continue
            signature = inspect.signature(function)
            missing = [p for p, param in signature.parameters.items() if param.annotation is inspect.Parameter.empty]
            if missing or signature.return_annotation is inspect.Signature.empty:
                untyped.append(f"{name}.{function_name}")
    assert len(SERVICE_AND_SELECTOR_MODULES) >= 6
    assert untyped == []


def test_views_write_no_audit_lines_themselves():
    """Audit lines belong to the service that does the work, so a job or a command doing it logs the same."""
    writing = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("*/views.py"))
        if "log_event(" in path.read_text(encoding="utf-8")
    ]
    assert writing == []
