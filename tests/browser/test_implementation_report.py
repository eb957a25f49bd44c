"""The implementation report in the browser: chosen by year and Stichtag without JavaScript, accessible,
reflowing at 320 px, and turned into a paper by KIT staff."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actionplan.models import Measure
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT
from papers.models import CouncilPaper
from steering.models import AnnualSelection, IndicatorCheck

from .axe import assert_accessible
from .demo import log_in

pytestmark = pytest.mark.browser


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
