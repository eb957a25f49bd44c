"""Two KIT staff edit the same measure in the admin at once: the second save is refused and shows why."""

import pytest
from playwright.sync_api import expect

from actionplan.models import Measure
from integration_portal import roles
from integration_portal.management.commands.setup_demo import DEMO_PASSWORD
from tests.factories import UserFactory

from .demo import log_in

pytestmark = pytest.mark.browser

MEASURE = "Schaffung von Transparenz der Sprachkurs-Landschaft im Kreis Rendsburg-Eckernförde"


@pytest.fixture
def demo(demo):
    kit = UserFactory(username="kit-zwei", role=roles.KIT_STAFF, district=Measure.objects.first().district)
    kit.set_password(DEMO_PASSWORD)
    kit.save()


def open_measure(browser, live_server, username, measure):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, path="/admin/")
    page.goto(f"{live_server.url}/admin/actionplan/measure/{measure.pk}/change/")
    return context, page


def test_second_save_in_the_admin_is_refused_with_what_changed(live_server, browser, demo):
    measure = Measure.objects.get(text=MEASURE)
    first_context, first = open_measure(browser, live_server, "kit", measure)
    second_context, second = open_measure(browser, live_server, "kit-zwei", measure)
    try:
        first.locator("#id_status").select_option(label="in Umsetzung")
        first.get_by_role("button", name="Sichern", exact=True).click()
        expect(first.locator(".messagelist .success")).to_contain_text("erfolgreich geändert")

        second.get_by_label("Maßnahme:", exact=True).fill("Sprachkursübersicht für das ganze Kreisgebiet")
        second.get_by_role("button", name="Sichern", exact=True).click()

        errors = second.locator(".errornote, ul.errorlist.nonfield")
        expect(errors.first).to_be_visible()
        refusal = second.locator("ul.errorlist.nonfield")
        expect(refusal).to_contain_text("wurde während Ihrer Bearbeitung von kit geändert")
        expect(refusal).to_contain_text("Status: jetzt gespeichert „in Umsetzung“, Ihre Eingabe „geplant“")

        measure.refresh_from_db()
        assert measure.text == MEASURE
        assert measure.status == Measure.Status.IN_PROGRESS

        # After reloading, the second person sees the first one's change and can save theirs.
        second.goto(f"{live_server.url}/admin/actionplan/measure/{measure.pk}/change/")
        expect(second.locator("#id_status")).to_have_value("in_progress")
        second.get_by_label("Maßnahme:", exact=True).fill("Sprachkursübersicht für das ganze Kreisgebiet")
        second.get_by_role("button", name="Sichern", exact=True).click()
        expect(second.locator(".messagelist .success")).to_contain_text("erfolgreich geändert")
        measure.refresh_from_db()
        assert (measure.text, measure.status) == ("Sprachkursübersicht für das ganze Kreisgebiet", "in_progress")
    finally:
        first_context.close()
        second_context.close()


def test_history_shows_the_change_and_restores_the_earlier_version(live_server, browser, demo):
    measure = Measure.objects.get(text=MEASURE)
    context, page = open_measure(browser, live_server, "kit", measure)
    try:
        page.get_by_label("Maßnahme:", exact=True).fill("Geänderte Fassung")
        page.get_by_role("button", name="Sichern", exact=True).click()
        expect(page.locator(".messagelist .success")).to_be_visible()

        page.goto(f"{live_server.url}/admin/actionplan/measure/{measure.pk}/history/")
        table = page.locator("#change-history")
        expect(table).to_contain_text("Geänderte Fassung")
        expect(table).to_contain_text("kit")
        # The path has its own column ("Weg"), labelled as people read it.
        expect(table).to_contain_text("Admin")

        # The oldest version is the last row; opening it offers to restore it.
        rows = table.locator("tbody tr")
        rows.last.locator("a").first.click()
        expect(page.get_by_label("Maßnahme:", exact=True)).to_have_value(MEASURE)
        page.locator("input[type=submit]").first.click()
        expect(page.locator(".messagelist .success")).to_be_visible()
        measure.refresh_from_db()
        assert measure.text == MEASURE
        page.goto(f"{live_server.url}/admin/actionplan/measure/{measure.pk}/history/")
        expect(page.locator("#change-history")).to_contain_text("Wiederhergestellt (Fassung vom")
    finally:
        context.close()
