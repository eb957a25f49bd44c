"""The PDF committee members download: seed layout, every header field and measure, mark, outline, PDF/UA."""

import datetime
import re
import shutil
import subprocess

import pytest

from actionplan.models import FieldOfAction, Measure
from papers import services
from papers.models import Consultation
from papers.pdf import render_paper_pdf

from .factories import make_paper
from .pdftext import font_names, outline_pages, outline_titles, page_texts, reader, squeeze

# Longer plan introductions (in paragraphs) move every page break of the annex.
OFFSETS = [0, 6, 12, 18]


@pytest.fixture
def draft_pdf(demo):
    return render_paper_pdf(demo["paper"])


def test_header_block_and_beratungsfolge_are_printed(demo, draft_pdf):
    first_page = page_texts(draft_pdf)[0]
    for text in [
        "Zuwanderung: Aktionsplan „Integration im Fokus",
        "VO/2025/246",
        "Beschlussvorlage öffentlich",
        "Datum: 28.08.2025",
        "FD 2.3 Zuwanderung",
        "Ansprechpartner/in: Christian Ströh",
        "Bearbeiter/in: Dennis Staack",
        "23.09.2025",
        "Sozial- und Gesundheitsausschuss (Beratung)",
        "29.09.2025",
        "Kreistag des Kreises Rendsburg-Eckernförde (Entscheidung)",
        "Begründung der Nichtöffentlichkeit",
        "Beschlussvorschlag",
        "Sachverhalt",
    ]:
        assert text in first_page, text
    assert first_page.count("Ö") >= 2


def test_sections_follow_the_seed_order(demo, draft_pdf):
    text = "\n".join(page_texts(draft_pdf))
    sections = [
        "Begründung der Nichtöffentlichkeit",
        "Beschlussvorschlag",
        "Sachverhalt",
        "Relevanz für den Klimaschutz",
        "Finanzielle Auswirkungen",
        "Anlage/n:",
        "Anlage zum Integrationskonzept",
        "An diesem Aktionsplan haben mitgewirkt:",
    ]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "Zunächst keine, diese werden in gesonderten Vorlagen" in text
    assert "2025 08 28 Entwurfsfassung Aktionsplan für SoGA" in text


def test_every_measure_of_the_annex_is_in_the_pdf(demo, draft_pdf):
    text = squeeze("".join(page_texts(draft_pdf)))
    measures = Measure.objects.filter(challenge__field__plan=demo["paper"].annex_plan)
    assert measures.count() == 39
    missing = [measure.text[:80] for measure in measures if squeeze(measure.text)[:60] not in text]
    assert missing == []
    assert squeeze("Agentur für Arbeit") in text
    assert squeeze("Koordinierungsstelle Integration und Teilhabe") in text
    # Responsible bodies with full and short name, worded as the plan document words them.
    for name in [
        "Koordinierungsstelle Integration und Teilhabe (KIT)",
        "Bundesamt für Migration und Flüchtlinge (BAMF)",
        "Netzwerk Kooperations- und Interventionskonzept bei häuslicher Gewalt (KIK-Netzwerk)",
        "Landesnetzwerk Migrantorganisationen (LaNeMo)",
        "Seniorenbeirat",
        "Sozial- und Gesundheitsausschuss-Vorstand",
    ]:
        assert squeeze(name) in text, name
    assert "Kreissenioresenbeirat" in text  # as the contributor list of the document spells it


def test_footer_on_every_page(demo, draft_pdf):
    pages = page_texts(draft_pdf)
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in text
        assert "VO/2025/246" in text


def test_outline_lists_sections_and_every_field_of_action(demo, draft_pdf):
    titles = outline_titles(draft_pdf)
    assert {"Beschlussvorschlag", "Sachverhalt", "Finanzielle Auswirkungen"} <= set(titles)
    fields = FieldOfAction.objects.filter(plan=demo["paper"].annex_plan)
    assert fields.count() > 5
    for field in fields:
        assert field.name in titles or field.full_name in titles, field.name


@pytest.mark.parametrize("extra_paragraphs", OFFSETS)
def test_a_field_heading_never_stands_alone_at_the_foot_of_a_page(demo, extra_paragraphs):
    """Each field's heading (and description) is on the page where its table starts (a field without a
    table: where its first sub-field starts), wherever the page breaks fall."""
    plan = demo["paper"].annex_plan
    plan.introduction += "\n\nWeitere Erläuterungen zum Aktionsplan und seiner Entstehung." * extra_paragraphs
    plan.save()
    fields = list(FieldOfAction.objects.filter(plan=plan).select_related("parent"))
    for field in fields[::2]:
        field.description = "Ziel ist, dass alle Beteiligten die Angebote kennen und nutzen können."
        field.save()
    pdf = render_paper_pdf(demo["paper"])
    pages = [squeeze(text) for text in page_texts(pdf)]
    heading_pages = outline_pages(pdf)
    for field in fields:
        heading_page = heading_pages[field.name if field.parent_id is None else field.full_name]
        first_challenge = field.challenges.first()
        if first_challenge:
            assert squeeze(first_challenge.text)[:40] in pages[heading_page], field.full_name
        else:
            first_sub_field = min((f for f in fields if f.parent_id == field.pk), key=lambda f: f.order)
            assert heading_pages[first_sub_field.full_name] == heading_page, field.full_name


def test_pdf_is_tagged_pdf_ua_with_language_title_and_embedded_fonts(demo, draft_pdf):
    pdf = reader(draft_pdf)
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title.startswith("VO/2025/246 Zuwanderung")
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_released_paper_has_no_draft_mark_and_shows_the_outcome(demo):
    pdf = render_paper_pdf(demo["drucksache"])
    pages = page_texts(pdf)
    assert all("ENTWURF" not in text for text in pages)
    text = "\n".join(pages)
    assert "Drucksache 2018/0412" in text
    assert "ungeändert beschlossen" in text
    assert squeeze("Kreistag des Kreises Dithmarschen (Entscheidung)") in squeeze(text)
    assert "Auswirkung auf Stellenplan" in text


def test_german_arabic_and_cyrillic_text_render_with_the_bundled_fonts(district):
    paper = make_paper(
        district=district,
        title="Mehrsprachige Informationen: Willkommen – Добро пожаловать – أهلا وسهلا",
        statement_of_facts="Übersetzungen ins Ukrainische (Інформація для біженців) und Arabische (معلومات للاجئين).",
    )
    pdf = render_paper_pdf(paper)
    text = page_texts(pdf)[0]
    assert "Добро пожаловать" in text
    assert "Інформація для біженців" in text
    fonts = font_names(pdf)
    assert any("Arabic" in name for name in fonts), fonts
    # Only the fonts that come with the app, never a system fallback.
    assert all("Noto" in name for name in fonts), fonts


def test_votes_are_printed_once_released(district, kit_user):
    paper = make_paper(district=district, consultations=1)
    consultation = paper.consultations.get()
    consultation.outcome = Consultation.Outcome.AMENDED
    consultation.votes_yes, consultation.votes_no, consultation.abstentions = 30, 12, 3
    consultation.save()
    services.paper_change_status(paper=paper, status="co_signing", user=kit_user)
    paper = services.paper_change_status(paper=paper, status="released", user=kit_user)
    text = page_texts(paper.released_pdf.read())[0]
    assert squeeze("geändert beschlossen (Ja 30, Nein 12, Enthaltungen 3)") in squeeze(text)
    assert paper.date == datetime.date(2025, 8, 28)


def test_every_word_stays_inside_the_page_margins(draft_pdf):
    """The annex table with its four columns fits the text area of A4 (right margin 18 mm)."""
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    layout = subprocess.run([pdftotext, "-bbox", "-", "-"], input=draft_pdf, capture_output=True, check=True)
    right_edges = [
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', layout.stdout.decode())
    ]
    page_width, right_margin = 595.3, 18 / 25.4 * 72
    assert right_edges and max(right_edges) <= page_width - right_margin + 1
