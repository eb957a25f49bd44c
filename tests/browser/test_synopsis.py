"""The Synopse page as its readers meet it: accessible, readable at 320 px, and usable without JavaScript."""

import re

import pytest

from actionplan.models import ActionPlan

from ..actionplan.synopsis_scenario import adopted_plan, revised_with_each_change
from .axe import assert_accessible
from .demo import log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = None  # a folder path while looking at the page by hand


@pytest.fixture
def draft(demo):
    plan = ActionPlan.objects.get(district__slug="rendsburg-eckernfoerde")
    return revised_with_each_change(adopted_plan(plan.district))


def test_the_synopsis_is_accessible_and_reflows_at_320_pixels(live_server, page, draft):
    log_in(page, live_server, "steering")
    url = f"{live_server.url}/districts/{draft.district.slug}/plans/{draft.pk}/synopsis/"
    assert page.goto(url).status == 200
    assert_accessible(page)
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/synopsis-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_filter_works_without_javascript(live_server, browser, draft):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    log_in(page, live_server, "steering")
    page.goto(f"{live_server.url}/districts/{draft.district.slug}/plans/{draft.pk}/synopsis/")
    page.get_by_label("Nur Geändertes").check()
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(r"changed=on"))
    assert "Bewerbungstraining im Jobcenter" not in page.content()
    assert page.get_by_text("Maßnahme geändert: Text").count() == 1
    context.close()
