"""Residents answer the survey in the browser: German and Arabic, with and without JavaScript, accessible."""

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import expect

from participation.languages import SURVEY_LANGUAGES
from participation.models import SurveyAnswer, SurveyResponse
from tests.factories import DistrictFactory
from tests.participation.factories import FindingFactory, FormatFactory, build_survey

from .axe import assert_accessible

pytestmark = pytest.mark.browser

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) SurveyTestBrowser/1.0"


@pytest.fixture
def parts(transactional_db):
    district = DistrictFactory(name="Kreis Ostholstein", short_name="OH", slug="ostholstein")
    return build_survey(district)


def survey_url(live_server, parts, language):
    return f"{live_server.url}/survey/{language}/{parts['survey'].pk}/"


def new_page(browser, *, javascript):
    context = browser.new_context(
        locale="ar", java_script_enabled=javascript, user_agent=USER_AGENT, viewport={"width": 1000, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def assert_nothing_identifies_the_respondent(context):
    assert {cookie["name"] for cookie in context.cookies()} == {settings.CSRF_COOKIE_NAME}
    stored = [str(value) for row in SurveyResponse.objects.values() for value in row.values()]
    stored += [str(value) for row in SurveyAnswer.objects.values() for value in row.values()]
    assert not any("127.0.0.1" in value or "SurveyTestBrowser" in value or ":" in value for value in stored)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_answer_in_german(live_server, browser, parts, javascript):
    context, page = new_page(browser, javascript=javascript)
    page.goto(survey_url(live_server, parts, "de"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_label("1 bis 5 Jahre").check()
    page.get_by_label("Sprachkurs").check()
    page.get_by_label("Sonstiges", exact=True).last.check()
    page.get_by_label("Sonstiges, und zwar:").last.fill("Nachbarschaftscafé")
    page.get_by_role("group", name="Wie gut fühlen Sie sich informiert?").get_by_label("4").check()
    page.get_by_label("Was wünschen Sie sich?").fill("Mehr Kurse am Abend")
    page.get_by_role("button", name="Antworten absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
    response = SurveyResponse.objects.get()
    assert response.language == "de"
    texts = set(response.answers.values_list("text", flat=True))
    assert {"Nachbarschaftscafé", "Mehr Kurse am Abend"} <= texts
    assert set(response.answers.exclude(scale_value=None).values_list("scale_value", flat=True)) == {4}
    assert_nothing_identifies_the_respondent(context)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_answer_in_arabic_right_to_left(live_server, browser, parts, javascript):
    context, page = new_page(browser, javascript=javascript)
    page.goto(survey_url(live_server, parts, "ar"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    # Mirrored: headings and the radio buttons start at the right edge, the label to their left.
    heading = page.get_by_role("heading", level=1).bounding_box()
    main = page.locator("main").bounding_box()
    assert heading["x"] + heading["width"] > main["x"] + main["width"] - 40
    radio = page.get_by_label("[ar] 1 bis 5 Jahre")
    label = page.locator(f"label[for='{radio.get_attribute('id')}']")
    assert radio.bounding_box()["x"] > label.bounding_box()["x"]
    # A required question left out: the message is Arabic and the typed text stays.
    page.get_by_label("[ar] Was wünschen Sie sich?").fill("دروس لغة في المساء")
    page.get_by_role("button", name="إرسال الإجابات").click()
    expect(page.get_by_role("alert")).to_contain_text("يرجى مراجعة إجاباتك:")
    expect(page.get_by_role("alert")).to_contain_text("يرجى الإجابة عن هذا السؤال.")
    expect(page.get_by_label("[ar] Was wünschen Sie sich?")).to_have_value("دروس لغة في المساء")
    assert not SurveyResponse.objects.exists()
    page.get_by_label("[ar] mehr als 5 Jahre").check()
    page.get_by_role("group", name="[ar] Wie gut fühlen Sie sich informiert?").get_by_label("2").check()
    page.get_by_role("button", name="إرسال الإجابات").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("شكرًا لمشاركتك!")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    response = SurveyResponse.objects.get()
    assert response.language == "ar"
    assert response.answers.filter(text="دروس لغة في المساء").exists()
    assert_nothing_identifies_the_respondent(context)
    context.close()


def test_language_switch_on_every_page(live_server, page, parts):
    page.goto(survey_url(live_server, parts, "de"))
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("button", name="Надіслати відповіді")).to_be_visible()
    page.get_by_role("navigation", name="Мова").get_by_role("link", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize("language", [language.code for language in SURVEY_LANGUAGES])
def test_survey_is_accessible_in_every_language(live_server, page, parts, language):
    page.goto(survey_url(live_server, parts, language))
    assert_accessible(page)
    # The page with error messages, and the thank-you page.
    page.locator("button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/survey/{language}/{parts['survey'].pk}/thanks/")
    assert_accessible(page)


def test_public_process_page_is_accessible(live_server, page, parts):
    survey = parts["survey"]
    district = survey.district
    conference = FormatFactory(district=district, process=survey.process, title="Zukunftskonferenz", invited=75)
    FindingFactory(district=district, format=conference, group_heading="Bessere Orientierung:", text="Bürokratieabbau")
    FormatFactory(
        district=district,
        process=survey.process,
        kind="expert_panel",
        round="I",
        title="Integrationspanels Runde I",
        topics="Deutsch lernen\nWohnen",
    )
    page.goto(f"{live_server.url}{survey.process.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Was bisher geschah")).to_be_visible()
    page.get_by_role("link", name="Umfrage zur Integration").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.go_back()
    assert_accessible(page)


def test_staff_reports_are_accessible(live_server, page, parts):
    from integration_portal import roles
    from tests.factories import MeasureFactory, UserFactory
    from tests.participation.factories import respond

    survey = parts["survey"]
    district = survey.district
    conference = FormatFactory(district=district, process=survey.process, title="Zukunftskonferenz")
    measure = MeasureFactory(district=district, text="Lotsenstelle im Kreishaus")
    finding = FindingFactory(district=district, format=conference, text="mehr Lösungen aus einer Hand")
    finding.measures.add(measure)
    finding.fields_of_action.add(measure.challenge.field)
    FindingFactory(district=district, format=conference, text="Bürokratieabbau", note="Wird geprüft.")
    for i in range(6):
        respond(parts, language="ar", single=i % 3, multiple=[0], scale=1 + i % 5, text=f"Wunsch {i}")
    UserFactory(username="steering-oh", district=district, role=roles.STEERING_GROUP)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Benutzername").fill("steering-oh")
    page.get_by_label("Passwort").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server.url}/participation/{district.slug}/{survey.process.pk}/traceability/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nachverfolgung")
    assert_accessible(page)
    page.goto(f"{live_server.url}/participation/surveys/{survey.pk}/evaluation/?language=ar")
    expect(page.get_by_role("table").first).to_contain_text("weniger als 1 Jahr")
    assert_accessible(page)


ERRORS_HEARD = {
    # language: (title after a submit with the two required questions left out, the question's error)
    "de": ("2 Fehler – ", "Bitte beantworten Sie diese Frage."),
    "ar": ("2 خطآن – ", "يرجى الإجابة عن هذا السؤال."),
}


@pytest.mark.parametrize("language", ERRORS_HEARD)
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_errors_are_heard_where_they_belong(live_server, browser, parts, language, javascript):
    cache.clear()  # the submissions of earlier tests count against the survey's rate limit
    title_start, required_error = ERRORS_HEARD[language]
    prefix = "" if language == "de" else "[ar] "
    context, page = new_page(browser, javascript=javascript)
    page.goto(survey_url(live_server, parts, language))
    survey_title = page.title()
    # The alert exists only once there is something to announce.
    expect(page.get_by_role("alert")).to_have_count(0)
    # Each point of the rating scale is described by what its ends mean.
    scale = page.get_by_role("group", name=f"{prefix}Wie gut fühlen Sie sich informiert?")
    expect(scale.get_by_role("radio", name="3", exact=True)).to_have_accessible_description(
        f"1 = {prefix}gar nicht 5 = {prefix}sehr gut"
    )

    page.get_by_role("button").last.click()
    expect(page).to_have_title(title_start + survey_title)
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    # The question's own error is part of what is heard on reaching its group.
    expect(scale).to_have_accessible_description(required_error)
    single = page.get_by_role("group", name=f"{prefix}Wie lange leben Sie schon im Kreis?")
    expect(single).to_have_accessible_description(required_error)

    page.get_by_label(f"{prefix}mehr als 5 Jahre").check()
    scale.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button").last.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.title() != survey_title
    assert page.title().startswith(page.get_by_role("heading", level=1).inner_text())
    context.close()
