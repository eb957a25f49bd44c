"""No page loads anything from another server, and no front-end library is copied into the repository.

The browser test (tests/browser/test_security.py) records the requests of real pages; this checks the
templates and styles that it may not reach."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "staticfiles", "media", "fixtures"}
# src/href/url() pointing to another host (absolute or protocol-relative).
EXTERNAL = re.compile(
    r"""(?:<script[^>]+src|<link[^>]+href|<img[^>]+src|<iframe[^>]+src)\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def project_files(*patterns):
    for pattern in patterns:
        for path in ROOT.rglob(pattern):
            if not SKIP & set(path.relative_to(ROOT).parts):
                yield path


def test_templates_and_styles_load_nothing_from_other_servers():
    offenders = [
        str(path.relative_to(ROOT))
        for path in project_files("*.html", "*.css", "*.js")
        if EXTERNAL.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


def test_no_front_end_library_is_copied_into_the_repository():
    # Libraries come from npm (package.json with package-lock.json) or from PyPI packages' static files.
    copied = [str(path.relative_to(ROOT)) for path in project_files("*.min.js", "*.min.css", "*.woff", "*.woff2")]
    assert copied == []
    assert (ROOT / "package-lock.json").exists()
