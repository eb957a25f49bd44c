"""The implementation report in the browser: chosen by year and Stichtag without JavaScript, accessible,
reflowing at 320 px, downloaded as a PDF from its job's page, and turned into a paper by KIT staff."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actionplan.models import Measure
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT
from papers.models import CouncilPaper
from steering.models import AnnualSelection, IndicatorCheck

from ..job_queue import run_queue
from .axe import assert_accessible
from .demo import log_in
from .downloads import downloaded, pdf_text

pytestmark = pytest.mark.browser

SCREENSHOTS = None  # a folder path while looking at the job page by hand


@pytest.fixture
def selected(demo):
    """Six measures of the demo plan selected for 2026, their first indicators checked."""
    measures = list(Measure.objects.filter(district__slug=DEMO_DISTRICT).order_by("pk")[:6])
    for measure in measures:
        AnnualSelection.objects.create(
            district=measure.district, measure=measure, year=2026, decision_date=datetime.date(2025, 11, 20)
        )
        indicator = measure.indicators.order_by("pk").first()
        if indicator is not None:
            IndicatorCheck.objects.create(
                district=measure.district, indicator=indicator, date=datetime.date(2026, 5, 1), status="achieved"
            )
    return measures


def test_the_steering_group_reads_the_report_of_a_year(live_server, page, selected):
    log_in(page, live_server, "steering")
    page.goto(f"{live_server.url}/steering/")
    page.get_by_role("link", name="Umsetzungsbericht").click()
    page.get_by_label("Jahr").fill("2026")
    page.get_by_label("Stichtag").fill("2026-06-30")
    page.get_by_role("button", name="Bericht anzeigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Umsetzungsbericht 2026")
    expect(page.get_by_role("img", name="Ausgewählte Maßnahmen nach Status je Handlungsfeld")).to_be_visible()
    expect(page.get_by_text("Für 2026 hat die Steuerungsgruppe 6 Maßnahmen ausgewählt.")).to_be_visible()
    expect(page.get_by_role("link", name=selected[0].text[:40])).to_have_count(1)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_kit_creates_the_report_paper(live_server, page, selected, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server, "kit")
    page.goto(f"{live_server.url}/steering/report/?year=2026&as_of=2026-06-30")
    page.get_by_role("button", name="Umsetzungsbericht als Vorlage erstellen").click()
    created = re.compile(r"Die Vorlage (\S+) wurde mit dem Bericht als Anlage erstellt\.")
    expect(page.get_by_text(created)).to_be_visible()
    paper = CouncilPaper.objects.get(annex_report_year=2026)
    assert created.search(page.content()).group(1) == paper.reference
    assert paper.get_paper_type_display() == "Mitteilungsvorlage"
    assert paper.annex_report_as_of == datetime.date(2026, 6, 30)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pdf_waits_on_its_job_page_which_updates_itself_then_offers_the_file(
    live_server, browser, selected, settings, tmp_path, request, width
):
    settings.MEDIA_ROOT = tmp_path
    request.getfixturevalue("queued_jobs")  # the job waits until the test runs the queue, as with a busy worker
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        log_in(page, live_server, "steering")
        page.goto(f"{live_server.url}/steering/report/?year=2026&as_of=2026-06-30")
        page.get_by_role("link", name="Als PDF herunterladen").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Umsetzungsbericht 2026, Stand 30.06.2026 (PDF)")
        expect(page.get_by_role("status")).to_contain_text("wartet")
        expect(page.get_by_label("Fortschritt")).to_be_visible()
        expect(page.get_by_text("Schritten")).to_have_count(0)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/report-job-waiting-{width}.png", full_page=True)

        run_queue()
        # The page's script notices the finished job and shows the download, without a click.
        result = page.get_by_role("link", name="Ergebnis herunterladen")
        expect(result).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("erledigt")
        expect(page.get_by_label("Fortschritt")).to_have_attribute("value", "100")
        assert_accessible(page)
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/report-job-done-{width}.png", full_page=True)
        target = downloaded(page, result, tmp_path)
        assert target.name == "umsetzungsbericht-2026-2026-06-30.pdf"
    finally:
        context.close()
    text = pdf_text(target)
    assert "Umsetzungsbericht 2026" in text and "Stichtag: 30.06.2026" in text
    assert "Für 2026 hat die Steuerungsgruppe 6 Maßnahmen ausgewählt." in text
