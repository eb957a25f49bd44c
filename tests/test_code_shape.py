"""The shape a new maintainer can read: no function in the apps longer than a screen."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every app of the project, new ones included.
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
MAX_LINES = 60


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_in_the_apps_is_longer_than_60_lines():
    too_long = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for function in _functions(path):
                length = function.end_lineno - function.lineno + 1
                if length > MAX_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name} ({length} lines)")
    assert not too_long, "\n".join(too_long)
