"""KIT staff edit the real plan in the admin, reorder by drag and drop, and see the change on the plan page."""

import pytest
from playwright.sync_api import expect

from actionplan.models import ActionPlan, Measure
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT

from .demo import log_in

pytestmark = pytest.mark.browser


def test_kit_edits_a_measure_and_sees_it_on_the_plan_page(live_server, page, demo):
    measure = Measure.objects.get(
        text="Schaffung von Transparenz der Sprachkurs-Landschaft im Kreis Rendsburg-Eckernförde"
    )
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)

    log_in(page, live_server, "kit", path="/admin/")
    # The plan page read once before the edit keeps its tables in the cache: the edit must show anyway.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.locator(f"#measure-{measure.pk} .cell-measure")).to_contain_text("im Kreis Rendsburg-Eckernförde")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Maßnahmen").first.click()
    page.get_by_role("searchbox").fill("Sprachkurs-Landschaft")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Schaffung von Transparenz der Sprachkurs-Landschaft").click()

    page.get_by_label("Maßnahme:", exact=True).fill(
        "Schaffung von Transparenz der Sprachkurs-Landschaft im ganzen Kreisgebiet"
    )
    page.locator("#id_status").select_option(label="in Umsetzung")
    # Reorder by drag and drop, no order numbers typed: the second indicator moves to the top.
    handles = page.locator("#indicators-group tbody tr.has_original td.original p")
    expect(handles).to_have_count(2)
    handles.nth(0).drag_to(handles.nth(1))
    expect(handles.nth(0)).to_contain_text("Weitergabe der Informationen")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("erfolgreich geändert")

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    row = page.locator(f"#measure-{measure.pk}")
    expect(row.locator(".cell-measure")).to_contain_text("im ganzen Kreisgebiet")
    expect(row.locator(".cell-measure")).to_contain_text("in Umsetzung")
    indicators = row.locator(".cell-indicators li")
    expect(indicators.nth(0)).to_contain_text("Weitergabe der Informationen an alle relevanten Akteure")
    expect(indicators.nth(1)).to_contain_text("regelhafte Sprachkursabfrage")
