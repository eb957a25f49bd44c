"""Long text fields show the characters left while typing; without JavaScript the limit still holds."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import DistrictFactory
from tests.participation.factories import build_survey

from .axe import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def parts(transactional_db):
    district = DistrictFactory(name="Kreis Ostholstein", short_name="OH", slug="ostholstein")
    return build_survey(district)


def open_survey(browser, live_server, parts, language, *, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    url = reverse("participation:survey", kwargs={"language": language, "pk": parts["survey"].pk})
    page.goto(live_server.url + url)
    return context, page


def test_the_survey_counts_the_characters_left_in_german_and_arabic(live_server, browser, parts):
    context, page = open_survey(browser, live_server, parts, "de", javascript=True)
    field = page.get_by_label("Was wünschen Sie sich?")
    expect(field).to_have_attribute("maxlength", "4000")
    expect(page.locator(".text-counter")).to_have_text("Noch 4.000 von 4.000 Zeichen")
    field.fill("Mehr Kurse")
    expect(page.locator(".text-counter")).to_have_text("Noch 3.990 von 4.000 Zeichen")
    assert_accessible(page)
    context.close()
    context, page = open_survey(browser, live_server, parts, "ar", javascript=True)
    page.locator("textarea").fill("دروس")
    expect(page.locator(".text-counter")).to_contain_text("من")
    context.close()


def test_without_javascript_the_limit_holds_and_no_counter_shows(live_server, browser, parts):
    context, page = open_survey(browser, live_server, parts, "de", javascript=False)
    expect(page.get_by_label("Was wünschen Sie sich?")).to_have_attribute("maxlength", "4000")
    expect(page.locator(".text-counter")).to_have_count(0)
    context.close()
