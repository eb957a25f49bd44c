"""Typography of the paper PDF as a reader meets it: hyphenated annex columns, long words kept on the page."""

import re
import shutil
import subprocess

import pytest

from actionplan.models import ActionPlan
from papers.models import Attachment
from papers.pdf import render_paper_html, render_paper_pdf

from ..factories import IndicatorFactory, MeasureFactory, ResponsibilityFactory
from .factories import make_paper
from .pdftext import page_texts

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
A4_WIDTH = 595.3


def pdftotext_words(pdf):
    """(text, xMin, yMin, xMax, yMax) of every word, as poppler lays the pages out."""
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    layout = subprocess.run([pdftotext, "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(text, *map(float, box)) for *box, text in re.findall(pattern, layout)]


def broken_words(pdf, source_html):
    """Words of the annex split at a line end without a hyphen: “Gleichstellungsbeauftr|agte”.

    A line that ends at a word boundary ends with a whole word of the source text; one that ends with a
    fragment of a word breaks inside it. A hyphen at the line end (CSS hyphenation) is fine.
    """
    source_words = set(WORD.findall(re.sub(r"<[^>]+>", " ", source_html)))
    text = "\n".join(page_texts(pdf))
    annex = text[text.index("Anlage zum Integrationskonzept") :]
    lines = [line.rstrip() for line in annex.splitlines() if line.strip()]
    broken = []
    for line, following in zip(lines, lines[1:], strict=False):
        end = re.search(r"([A-Za-zÄÖÜäöüß]+)$", line)
        start = re.match(r"\s*([a-zäöüß]+)", following)
        if end and start and end.group(1) not in source_words:
            broken.append(f"{end.group(1)}|{start.group(1)}")
    return broken


def test_no_annex_line_ends_inside_a_word_without_a_hyphen(demo):
    html = render_paper_html(demo["paper"])
    pdf = render_paper_pdf(demo["paper"])
    assert broken_words(pdf, html) == []
    # German hyphenation is what keeps the narrow columns apart, e.g. at “Gleichstellungs‐beauftragte”.
    annex = "\n".join(page_texts(pdf)[2:])
    assert re.search(r"\w‐\n\w", annex)


@pytest.fixture
def overlong_paper(district, media_root):
    """A 20,000-character word in the Beschlussvorschlag; a word of 2,000 and a long URL in every section."""
    long_word = "Integrationskonzeptfortschreibung" * 606  # 19,998 letters
    # 279 characters: longer than any line, short enough for every field it goes into.
    url = "https://www.kreis-rd.de/Kreis-Verwaltung/Integration/" + "Aktionsplan-Integration-" * 9 + "Anlage.pdf"
    text = f"Vorher {long_word[:2000]} nachher {url} Ende"
    measure = MeasureFactory(district=district, text=text)
    plan = measure.challenge.field.plan
    ActionPlan.objects.filter(pk=plan.pk).update(introduction=text, status=ActionPlan.Status.ADOPTED)
    IndicatorFactory(district=district, measure=measure, text=text)
    ResponsibilityFactory(district=district, measure=measure, note=url)
    paper = make_paper(
        district=district,
        title=f"Titel {url}",
        proposed_resolution=f"Vorher {long_word} nachher {url} Ende",
        statement_of_facts=text,
        climate_relevance=text,
        financial_notes=text,
        annex_plan=plan,
        annex_title=f"Anlage {url}",
    )
    Attachment.objects.create(district=district, paper=paper, title=url, order=1)
    return paper


def test_words_longer_than_a_line_wrap_inside_the_page_in_every_section(overlong_paper):
    pdf = render_paper_pdf(overlong_paper)
    words = pdftotext_words(pdf)
    outside = [
        text[:40] for text, x_min, y_min, x_max, y_max in words if x_min < 0 or x_max > A4_WIDTH - 18 / 25.4 * 72 + 1
    ]
    assert outside == []
    # Every letter is printed: the long words (one of 20,000, six of 2,000) and the URL in every section.
    letters = "".join(text for text, *_box in words).replace("\u2010", "")
    # (pdftotext reads the annex's table cells side by side, so those are counted in their own text.)
    assert letters.count("Integrationskonzeptfortschreibung") >= 606 + 4 * 60
    assert letters.count("Aktionsplan-Integration-") >= 6 * 9
    assert "\u200b" not in letters  # the break opportunities stay out of the text a reader copies


def test_arabic_text_extracts_as_written(district, media_root):
    """Copy, search and screen readers get the letters of the text, not those of shared dot glyphs."""
    sentence = "مجلس المقاطعة يقرر"
    paper = make_paper(district=district, statement_of_facts=f"Auf Arabisch: {sentence}. Ende", title="Mehrsprachig")
    pdf = render_paper_pdf(paper)
    assert sentence in page_texts(pdf)[0]
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    poppler = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert sentence in poppler
