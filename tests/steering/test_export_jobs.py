"""A long measure list is exported by a background job: the link leads to the job page, which offers the file."""

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from integration_portal.jobs.models import Job

from ..job_downloads import download_through_job, job_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_lists(settings, media_root):
    """Lists of more than 2 measures are long (the small plan has 3)."""
    settings.EXPORT_JOB_THRESHOLD = 2
    return media_root


def test_a_long_list_is_downloaded_from_the_job_page_with_the_filter_applied(steering_client, small_plan, long_lists):
    response = download_through_job(
        steering_client, reverse("steering:export_xlsx"), {"status": ["planned", "completed", "in_progress"]}
    )

    assert response["Content-Disposition"].endswith('filename="massnahmen.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    measures = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert measures == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft",
        "Beratung zur Anerkennung ausländischer Abschlüsse",
        "Praktikumsbörse für junge Geflüchtete",
    ]
    job = Job.objects.get()
    page = steering_client.get(job.get_absolute_url()).content.decode()
    assert "Export der Maßnahmenliste" in page


def test_a_short_filtered_list_is_still_downloaded_at_once(steering_client, small_plan, long_lists):
    response = steering_client.get(reverse("steering:export_xlsx"), {"actor": small_plan["jobcenter"].pk})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="massnahmen.xlsx"'
    assert not Job.objects.exists()


def test_the_pdf_of_a_long_list_is_rendered_by_the_job(steering_client, small_plan, long_lists):
    response = download_through_job(steering_client, reverse("steering:export_pdf"))

    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    pdf = b"".join(response.streaming_content)
    text = subprocess.run([pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "3 Maßnahmen, Stand" in text
    assert "Praktikumsbörse für junge Geflüchtete" in text


def test_another_districts_users_cannot_see_the_job_or_its_file(
    steering_client, client, small_plan, long_lists, other_kit_user, committee_user
):
    job = job_of(steering_client.get(reverse("steering:export_xlsx")))
    result = reverse("job_result", kwargs={"pk": job.pk})
    client.force_login(other_kit_user)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(result).status_code == 404
    client.logout()
    assert client.get(result).status_code == 404
    # Committee members of the district read the workspace, and so the list.
    client.force_login(committee_user)
    assert client.get(result).status_code == 200


def test_the_export_is_in_the_audit_log_with_who_asked(steering_client, small_plan, long_lists, caplog):
    caplog.set_level("INFO", logger="integration_portal.audit")
    download_through_job(steering_client, reverse("steering:export_xlsx"))
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("event=steering_export user=steering-a") and "format=xlsx" in line for line in lines)


def test_the_file_is_deleted_after_the_retention_period(steering_client, small_plan, long_lists, settings):
    settings.EXPORT_RETENTION_HOURS = 24
    job = job_of(steering_client.get(reverse("steering:export_xlsx")))
    stored = job.result_file.path
    result = reverse("job_result", kwargs={"pk": job.pk})
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=23))
    call_command("purge_expired", stdout=io.StringIO())
    assert steering_client.get(result).status_code == 200

    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=25))
    output = io.StringIO()
    call_command("purge_expired", stdout=output)
    assert "1 Exportdateien gelöscht, die älter als 24 Stunden waren." in output.getvalue()

    assert not (long_lists / stored).exists()
    page = steering_client.get(job.get_absolute_url()).content.decode()
    assert "Die Datei wurde nach 24 Stunden gelöscht." in page
    assert steering_client.get(result)["Location"] == reverse("steering:export_xlsx")
