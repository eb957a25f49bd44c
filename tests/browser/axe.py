"""Accessibility scan with axe-core (from npm, see package.json) inside the page under test."""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """The WCAG 2.1 A and AA violations axe-core finds on the page as it is now, as readable lines."""
    if not AXE_JS.exists():
        raise AssertionError(f"axe-core is missing at {AXE_JS}: run `make setup`.")
    # Evaluated through the browser's debugging protocol, so the page's CSP does not block it.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_A_AA,
    )
    return [
        f"{violation['id']}: {violation['help']} — {node['target']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
