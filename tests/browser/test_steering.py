"""The steering group reviews the real plan in the browser; committee members only read. Every page passes axe."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from actionplan.models import Measure
from integration_portal.models import User
from steering.models import AnnualSelection, Comment

from ..job_queue import run_queue
from .axe import assert_accessible
from .demo import fill_login
from .downloads import downloaded, pdf_text

pytestmark = pytest.mark.browser

JOBCENTER = "Jobcenter Rendsburg- Eckernförde"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/steering/")
    assert_accessible(page)  # the login page
    fill_login(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Übersicht")


def test_steering_group_filters_comments_and_selects_a_measure(live_server, page, demo):
    log_in(page, live_server, "steering")
    assert_accessible(page)  # the overview

    page.get_by_role("navigation", name="Arbeitsbereich").get_by_role("link", name="Maßnahmen").click()
    page.get_by_label("Akteur", exact=True).select_option(label=JOBCENTER)
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page).to_have_url(re.compile(r"actor=\d+"))
    assert_accessible(page)  # the filtered list
    rows = page.locator(".measure-table tbody tr")
    expected = Measure.objects.filter(responsibilities__actor__name=JOBCENTER).distinct().count()
    expect(rows).to_have_count(expected)
    first = rows.first.locator(".measure-link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#responsibility-heading + dl")).to_contain_text(JOBCENTER)
    assert_accessible(page)  # the measure page

    # Keyboard only: type the comment, tab to the button, press Enter.
    page.get_by_label("Ihr Kommentar").fill("Wie viele Teilnehmende gab es 2025?")
    page.get_by_label("Ihr Kommentar").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Ihr Kommentar wurde veröffentlicht.")
    comment = page.locator(".comment").last
    expect(comment).to_contain_text("Wie viele Teilnehmende gab es 2025?")
    expect(comment).to_contain_text("Stefan Gruber")
    comment.get_by_role("link", name="Kommentar bearbeiten").click()
    page.wait_for_url(re.compile(r"/steering/comments/\d+/edit/$"))
    assert_accessible(page)  # the comment edit page
    page.get_by_label("Ihr Kommentar").fill("Wie viele Teilnehmende gab es 2025 insgesamt?")
    page.get_by_role("button", name="Kommentar speichern").click()
    expect(page.locator(".comment").last).to_contain_text("2025 insgesamt?")

    page.get_by_label("Jahr").fill("2026")
    page.get_by_label("Begründung").fill("Hohe Nachfrage im Kreisgebiet")
    page.get_by_role("button", name="Für dieses Jahr auswählen").click()
    expect(page.locator(".messages")).to_contain_text("Die Maßnahme ist für 2026 ausgewählt.")
    page.reload()
    expect(page.locator(".measure-meta")).to_contain_text("Ausgewählt für 2026")
    expect(page.locator("#selection")).to_contain_text("Hohe Nachfrage im Kreisgebiet")

    page.get_by_role("link", name="Prüfung erfassen").first.click()
    page.wait_for_url(re.compile(r"/steering/indicators/\d+/check/$"))
    assert_accessible(page)  # the indicator check page
    page.get_by_label("Status").select_option(label="erreicht")
    page.get_by_role("button", name="Prüfung erfassen").click()
    expect(page.locator(".messages")).to_contain_text("Die Prüfung wurde erfasst.")
    expect(page.locator(".measure-meta")).to_contain_text(re.compile(r"\d+ von \d+ Indikator(en)? erreicht"))

    page.get_by_role("navigation", name="Arbeitsbereich").get_by_role("link", name="Maßnahmen").click()
    page.get_by_label("Ausgewählt für das Jahr").select_option("2026")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page).to_have_url(re.compile(r"year=2026"))
    expect(page.locator(".measure-table tbody tr")).to_have_count(1)
    expect(page.locator(".measure-link")).to_have_text(title)
    assert AnnualSelection.objects.get().year == 2026
    assert Comment.objects.get().author.username == "steering"


def test_committee_reads_but_can_neither_comment_nor_select(live_server, page, demo):
    log_in(page, live_server, "committee")
    page.get_by_role("navigation", name="Arbeitsbereich").get_by_role("link", name="Maßnahmen").click()
    page.locator(".measure-link").first.click()
    expect(page.get_by_role("heading", name="Kommentare")).to_be_visible()
    assert_accessible(page)
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_role("button", name="Für dieses Jahr auswählen")).to_have_count(0)
    expect(page.get_by_role("link", name="Prüfung erfassen")).to_have_count(0)
    # Posting anyway is refused.
    measure_id = page.url.rstrip("/").split("/")[-1]
    token = page.context.cookies()
    csrf = next(cookie["value"] for cookie in token if cookie["name"] == "csrftoken")
    for path, data in [
        ("comments/", {"text": "Darf ich nicht"}),
        ("selections/", {"year": "2026", "decision_date": "2026-01-15"}),
    ]:
        response = page.request.post(
            f"{live_server.url}/steering/measures/{measure_id}/{path}",
            form=data,
            headers={"X-CSRFToken": csrf, "Referer": page.url},
        )
        assert response.status == 403
    assert not Comment.objects.exists() and not AnnualSelection.objects.exists()


def test_password_reset_pages_are_accessible(live_server, page, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Zugangsdaten vergessen?").click()
    page.wait_for_url(re.compile(r"/accounts/password-reset/$"))
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    page.get_by_role("button", name="Mein Passwort zurücksetzen").click()
    page.wait_for_url(re.compile(r"/accounts/password-reset/sent/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Passwort")
    assert_accessible(page)

    user = User.objects.get(username="steering")
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    page.goto(f"{live_server.url}/accounts/reset/{uid}/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Passwort eingeben")
    assert_accessible(page)
    page.locator("#id_new_password1").fill("Ein-neues-langes-Passwort-2026")
    page.locator("#id_new_password2").fill("Ein-neues-langes-Passwort-2026")
    page.get_by_role("button", name="Mein Passwort ändern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort zurücksetzen abgeschlossen")
    assert_accessible(page)


def test_workspace_on_a_phone(live_server, browser, demo):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, live_server, "steering")
        assert_accessible(page)
        page.get_by_role("navigation", name="Arbeitsbereich").get_by_role("link", name="Maßnahmen").click()
        page.wait_for_url(re.compile(r"/steering/measures/$"))
        assert_accessible(page)
        # No sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_list_pdf_for_the_meeting_comes_from_its_job_page_also_without_javascript(
    live_server, browser, demo, settings, tmp_path, request
):
    settings.MEDIA_ROOT = tmp_path
    request.getfixturevalue("queued_jobs")  # the job waits until the test runs the queue, as with a busy worker
    context = browser.new_context(locale="de-DE", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/steering/")
        fill_login(page, "committee")  # axe needs JavaScript: no scan here
        page.get_by_role("navigation", name="Arbeitsbereich").get_by_role("link", name="Maßnahmen").click()
        page.get_by_label("Akteur", exact=True).select_option(label=JOBCENTER)
        page.get_by_role("button", name="Filter anwenden").click()
        page.wait_for_url(re.compile(r"actor=\d+"))
        title = page.locator(".measure-link").first.inner_text()
        page.get_by_role("link", name="PDF für die Sitzung herunterladen").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Export der Maßnahmenliste")
        expect(page.get_by_role("status")).to_contain_text("wartet")
        expect(page.locator('noscript meta[http-equiv="refresh"]')).to_have_count(1)
        run_queue()
        page.get_by_role("link", name="Aktualisieren").click()
        expect(page.get_by_role("status")).to_contain_text("erledigt")
        expect(page.get_by_text("Schritten")).to_have_count(0)  # one step: state and bar, no count
        target = downloaded(page, page.get_by_role("link", name="Ergebnis herunterladen"), tmp_path)
        assert target.name == "massnahmen.pdf"
    finally:
        context.close()
    text = pdf_text(target)
    assert JOBCENTER in text
    assert re.sub(r"\s+", " ", title)[:30] in text
