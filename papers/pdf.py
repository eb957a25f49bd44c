"""The paper's PDF: WeasyPrint from a Django template, tagged PDF/UA-1, fonts and CSS from the app only
(through `integration_portal.pdf`). Rendered by background jobs only (`papers.jobs`), never in a request."""

import hashlib
import re
from functools import cache

from django.template.loader import render_to_string
from django.utils import translation

from integration_portal.pdf import find_static, write_pdf

from .selectors import paper_annex, paper_for_pdf

STYLESHEETS = ("pdf/fonts.css", "papers/paper_pdf.css")
# Static files a paper PDF uses. Their content is part of the draft cache key.
PDF_ASSETS = [
    *STYLESHEETS,
    "papers/draft-mark.svg",
    "fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2",
    "fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2",
    "fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2",
    "fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2",
    "fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff2",
    "fontsource/noto-sans/files/noto-sans-cyrillic-700-normal.woff2",
    "fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2",
    "fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2",
]


@cache
def asset_fingerprint():
    """Hash of the CSS and fonts: a new stylesheet or font renders every draft again."""
    digest = hashlib.sha256()
    for path in PDF_ASSETS:
        found = find_static(path)
        digest.update(path.encode())
        if found:
            with open(found, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()


# A run of more than LONG_RUN characters without a space (a URL, a pasted string) gets a break opportunity
# (a zero-width space, which the PDF's text leaves out) every BREAK_EVERY characters. CSS `overflow-wrap`
# alone would wrap it too, but WeasyPrint lays such a run out again for every line: a 20,000-character
# word took 15 s. An entity such as `&amp;` counts as one character and is never split.
LONG_RUN, BREAK_EVERY = 30, 20
_CHARACTER = re.compile(r"&#?\w+;|[^\s<&]")
_LONG_RUN = re.compile(rf"(?:&#?\w+;|[^\s<&]){{{LONG_RUN + 1},}}")
_TEXT_NODE = re.compile(r">([^<]+)<")


def _breakable(run):
    characters = _CHARACTER.findall(run.group())
    return "\u200b".join("".join(characters[i : i + BREAK_EVERY]) for i in range(0, len(characters), BREAK_EVERY))


def breakable_long_runs(html):
    """`html` with break opportunities in the overlong runs of its body's text (never inside a tag)."""
    head, separator, body = html.partition("<body")
    return head + separator + _TEXT_NODE.sub(lambda node: f">{_LONG_RUN.sub(_breakable, node.group(1))}<", body)


def render_paper_html(paper):
    """The paper as HTML, with its annex; all user text escaped by the template engine."""
    paper = paper_for_pdf(pk=paper.pk)
    plan, fields = paper_annex(paper=paper)
    contributions = list(plan.contributions.all()) if plan else []
    middle = (len(contributions) + 1) // 2
    with translation.override("de"):
        html = render_to_string(
            "papers/paper_pdf.html",
            {
                "paper": paper,
                "plan": plan,
                "fields": fields,
                # Read down the first column, then the second.
                "contributor_columns": [contributions[:middle], contributions[middle:]],
                "draft": not paper.is_released,
            },
        )
    return breakable_long_runs(html)


def html_to_pdf(html, fetcher=None):
    """WeasyPrint's PDF/UA-1 output (tagged, language and title set, fonts embedded)."""
    return write_pdf(
        html, stylesheets=STYLESHEETS, fetcher=fetcher, pdf_variant="pdf/ua-1", pdf_identifier=b"integrationsportal"
    )


def render_paper_pdf(paper, fetcher=None):
    return html_to_pdf(render_paper_html(paper), fetcher=fetcher)


def render_extract_pdf(consultation, fetcher=None):
    """The decision extract (Beschlussauszug) of one consultation's result, as a tagged PDF.

    Rendered from the object as given (not reloaded).
    """
    with translation.override("de"):
        html = render_to_string("papers/extract_pdf.html", {"consultation": consultation, "paper": consultation.paper})
    return html_to_pdf(html, fetcher=fetcher)
