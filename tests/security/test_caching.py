"""No browser or shared cache keeps a copy of what a logged-in user saw or a non-public file: every such
response says `Cache-Control: private, no-store`. Released public papers stay cacheable."""

import pytest
from django.urls import reverse

from ..job_downloads import download_through_job
from ..papers.factories import make_paper
from ..papers.test_views import released
from ..participation.factories import build_survey, respond

NO_STORE = "private, no-store"
pytestmark = pytest.mark.django_db


def cache_control(response):
    return response.get("Cache-Control", "")


@pytest.fixture
def survey(district):
    parts = build_survey(district)
    for number in range(5):
        respond(parts, text=f"Wunsch {number}")
    return parts["survey"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/admin/",
        "/steering/",
        "/steering/measures/",
        "/steering/measures/export.xlsx",
    ],
)
def test_every_page_and_export_of_a_logged_in_user_is_private_no_store(client, kit_user, small_plan, url):
    client.force_login(kit_user)
    response = client.get(url)
    assert response.status_code == 200, url
    assert cache_control(response) == NO_STORE


@pytest.mark.parametrize("url", ["/steering/measures/export.pdf", "/steering/report/report.pdf?year=2026"])
def test_the_workspaces_pdfs_and_their_job_pages_are_private_no_store(client, kit_user, small_plan, media_root, url):
    client.force_login(kit_user)
    job_page = client.get(client.get(url)["Location"])
    assert job_page.status_code == 200 and cache_control(job_page) == NO_STORE
    response = download_through_job(client, url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert cache_control(response) == NO_STORE


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_survey_exports_are_private_no_store(client, steering_user, survey, file_format, media_root):
    client.force_login(steering_user)
    url = reverse("participation:survey_export", kwargs={"pk": survey.pk, "file_format": file_format})
    response = download_through_job(client, url)
    assert response.status_code == 200
    assert cache_control(response) == NO_STORE


def test_a_draft_pdf_is_private_no_store(client, kit_user, district):
    client.force_login(kit_user)
    response = client.get(make_paper(district=district).get_pdf_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert cache_control(response) == NO_STORE


def test_a_non_public_released_paper_is_private_no_store(client, committee_user, district):
    client.force_login(committee_user)
    response = client.get(released(make_paper(district=district), public=False).get_pdf_url())
    assert response.status_code == 200
    assert cache_control(response) == NO_STORE


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged in"])
def test_a_released_public_paper_stays_cacheable(client, committee_user, district, logged_in):
    paper = released(make_paper(district=district))
    if logged_in:
        client.force_login(committee_user)
    response = client.get(paper.get_pdf_url())
    assert response.status_code == 200
    assert "no-store" not in cache_control(response) and "private" not in cache_control(response)


def test_anonymous_public_pages_are_not_marked_private(client, district):
    response = client.get("/")
    assert "no-store" not in cache_control(response)
