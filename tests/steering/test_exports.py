"""The filtered list as XLSX and as a PDF for the meeting (written by a job); the PDF renderer reaches nothing but
static files."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from integration_portal.pdf import ASSET_ORIGIN, StaticOnlyFetcher

from ..job_downloads import download_through_job
from .factories import AnnualSelectionFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_xlsx_holds_the_filtered_measures(steering_client, district, small_plan):
    AnnualSelectionFactory(district=district, measure=small_plan["jobs"], year=2026)
    CommentFactory(district=district, measure=small_plan["jobs"], text='=HYPERLINK("x")')
    response = steering_client.get(reverse("steering:export_xlsx"), {"actor": small_plan["jobcenter"].pk})
    assert response["Content-Disposition"] == 'attachment; filename="massnahmen.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Handlungsfeld", "Problem/Herausforderung", "Maßnahme", "Status"]
    assert [row[2] for row in rows[1:]] == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft",
        "Beratung zur Anerkennung ausländischer Abschlüsse",
    ]
    jobs = rows[2]
    assert jobs[3] == "in Umsetzung" and jobs[5] == "Jobcenter" and jobs[8] == "2026" and jobs[9] == 1
    assert rows[1][6] == "Jobcenter (begleitend)" and rows[1][7] == "1/2"


def pdf_of(response):
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_pdf_for_the_meeting_names_filters_and_measures(steering_client, small_plan, media_root):
    # However short the list, its PDF is written by a job: the link leads to the job page, then the file.
    response = download_through_job(steering_client, reverse("steering:export_pdf"), {"status": "in_progress"})
    assert response["Content-Disposition"].endswith('filename="massnahmen.pdf"')
    pages = PdfReader(io.BytesIO(pdf_of(response))).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "Beratung zur Anerkennung ausländischer Abschlüsse" in text
    assert "Schaffung von Transparenz" not in text
    assert "Status: in Umsetzung" in text
    assert "1 Maßnahme, Stand" in text
    # The list's stylesheet is applied: A4 landscape with "Seite X von Y".
    assert pages[0].mediabox.width > pages[0].mediabox.height
    assert "Seite 1 von 1" in text


def test_pdf_fetcher_serves_only_static_files():
    response = StaticOnlyFetcher().fetch(ASSET_ORIGIN + "steering/pdf.css")
    assert response.headers["Content-Type"] == "text/css" and b"@page" in response.read()
    for url in [
        "https://example.org/static/steering/pdf.css",
        "file:///etc/passwd",
        ASSET_ORIGIN + "../media/secret.pdf",
        ASSET_ORIGIN + "../../integration_portal/settings/base.py",
        ASSET_ORIGIN + "steering/missing.css",
    ]:
        with pytest.raises(ValueError):
            StaticOnlyFetcher().fetch(url)


def test_committee_may_download_the_exports(committee_client, small_plan, media_root):
    assert committee_client.get(reverse("steering:export_xlsx")).status_code == 200
    assert download_through_job(committee_client, reverse("steering:export_pdf")).status_code == 200


def test_pdf_of_a_draft_plan_is_marked_on_every_page(steering_client, district, small_plan, media_root):
    from ..factories import MeasureFactory

    plan = small_plan["plan"]
    plan.status = "draft"
    plan.save()
    for index in range(60):
        text = f"Weitere Maßnahme {index}\n" + "Ausführliche Beschreibung. " * 20
        MeasureFactory(district=district, challenge__field=small_plan["language"], text=text)
    response = download_through_job(steering_client, reverse("steering:export_pdf"))
    pages = PdfReader(io.BytesIO(pdf_of(response))).pages
    assert len(pages) > 1
    assert all("ENTWURF" in page.extract_text() for page in pages)
