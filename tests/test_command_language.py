"""Management commands speak German, through gettext like the rest of the portal."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parent.parent
APPS = ["integration_portal", "actionplan", "steering", "papers", "participation"]


def _command_files():
    for app in APPS:
        yield from sorted((ROOT / app / "management" / "commands").glob("*.py"))


def _bare_texts(tree):
    """Text literals written to the user without gettext: help, messages, errors."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "help" for t in node.targets):
            if isinstance(node.value, ast.Constant | ast.JoinedStr):
                yield node.lineno
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        texts = [kw.value for kw in node.keywords if kw.arg == "help"]
        if name in ("write", "CommandError", "SUCCESS", "WARNING", "ERROR"):
            texts += node.args[:1]
        for text in texts:
            if isinstance(text, ast.JoinedStr) or (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                yield text.lineno


def test_no_command_writes_text_that_bypasses_the_translation():
    bare = []
    for path in _command_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bare += [f"{path.relative_to(ROOT)}:{line}" for line in _bare_texts(tree)]
    assert bare == []


def test_the_help_of_a_command_is_german():
    parser = load_command_class("integration_portal", "add_district").create_parser("manage.py", "add_district")
    text = parser.format_help()
    assert "Legt einen Kreis an." in text
    assert "Teil der Webadresse" in text


@pytest.mark.django_db
def test_errors_of_commands_are_german(tmp_path):
    with pytest.raises(CommandError, match="Unbekannter Kreis „nirgendwo“"):
        call_command("export_actionplan", "--district", "nirgendwo", "-o", str(tmp_path / "plan.xlsx"))
    with pytest.raises(CommandError, match="ist keine Sicherung des Portals"):
        call_command("restore", str(tmp_path / "fehlt.tar.gz"), yes=True)
