"""Output rules: all text escaped, formatted text only through the allow-list sanitizer, and no user text
ever compiled as a template (crispy-forms `HTML()` and `Fieldset` legends are templates)."""

import ast
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from integration_portal.sanitize import clean_html

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "benchmarks", "staticfiles", "media", "migrations"}


def project_files(pattern):
    return [path for path in ROOT.rglob(pattern) if not SKIP & set(path.relative_to(ROOT).parts)]


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Text <strong>fett</strong></p>", "<p>Text <strong>fett</strong></p>"),
        ("<script>alert(1)</script>Text", "Text"),
        ('<p onclick="alert(1)">Text</p>', "<p>Text</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<a href="javascript:alert(1)">Link</a>', '<a rel="noopener noreferrer nofollow">Link</a>'),
        (
            '<a href="https://www.kreis-rd.de">Kreis</a>',
            '<a href="https://www.kreis-rd.de" rel="noopener noreferrer nofollow">Kreis</a>',
        ),
        ('<p style="background:url(x)">Text</p>', "<p>Text</p>"),
        ("<iframe src=//evil></iframe><svg onload=alert(1)>", ""),
        ("<!-- Kommentar -->Text", "Text"),
    ],
)
def test_the_sanitizer_keeps_only_the_allow_list(dirty, clean):
    assert clean_html(dirty) == clean


def test_the_template_filter_uses_the_sanitizer():
    rendered = Template("{% load portal_html %}{{ text|clean_html }}").render(
        Context({"text": "<ul><li>Punkt</li></ul><script>alert(1)</script>"})
    )
    assert rendered == "<ul><li>Punkt</li></ul>"


def test_plain_output_is_escaped():
    rendered = Template("{{ text }}").render(Context({"text": "<script>alert(1)</script>"}))
    assert rendered == "&lt;script&gt;alert(1)&lt;/script&gt;"


UNSAFE_IN_TEMPLATES = re.compile(r"\|\s*safe\b|autoescape\s+off|{%\s*filter\s+safe")


def test_no_template_switches_escaping_off():
    offenders = [
        str(path.relative_to(ROOT))
        for path in project_files("*.html")
        if UNSAFE_IN_TEMPLATES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use |clean_html for formatted text, never |safe"


# Calls that compile their first argument as a template, and calls that mark text as safe HTML.
TEMPLATE_CALLS = {"HTML", "Fieldset", "Template", "from_string", "Legend"}
SAFE_CALLS = {"mark_safe", "SafeString"}
# Reviewed uses of mark_safe: (file, function) with the reason in the code.
REVIEWED_SAFE = {
    ("integration_portal/sanitize.py", "clean_html"),
    ("integration_portal/twofactor.py", "qr_code_svg"),
}


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _is_literal(node):
    """A string constant, or gettext of one: text written by developers, not by users."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    return (
        isinstance(node, ast.Call)
        and _name(node.func) in {"_", "gettext", "gettext_lazy", "pgettext"}
        and all(isinstance(arg, ast.Constant) for arg in node.args)
    )


def _calls(tree):
    """(name of the innermost enclosing function or None, call) for every call in the module."""
    owner = {}
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        for node in ast.walk(function):
            owner[id(node)] = function.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield owner.get(id(node)), node


def test_no_user_text_is_compiled_as_a_template_or_marked_safe():
    offenders = []
    for path in project_files("*.py"):
        relative = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, call in _calls(tree):
            name = _name(call.func)
            if name in TEMPLATE_CALLS and call.args and not _is_literal(call.args[0]):
                offenders.append(f"{relative}:{call.lineno} {name}() with a computed template")
            if name in SAFE_CALLS and (relative, function) not in REVIEWED_SAFE:
                offenders.append(f"{relative}:{call.lineno} {name}() outside the reviewed places")
    assert sorted(set(offenders)) == []
