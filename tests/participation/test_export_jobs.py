"""The survey's export runs as a background job: its page offers the file to who may read the evaluation."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from integration_portal.jobs.models import Job

from ..job_downloads import download_through_job, job_of

pytestmark = pytest.mark.django_db


def export_url(survey, file_format):
    return reverse("participation:survey_export", kwargs={"pk": survey.pk, "file_format": file_format})


def content(response):
    return b"".join(response.streaming_content)


def test_the_export_link_leads_to_the_job_page_and_then_to_the_file(client, steering_user, answered, media_root):
    client.force_login(steering_user)

    response = download_through_job(client, export_url(answered["survey"], "csv"))

    assert response["Content-Disposition"].endswith(f'filename="umfrage-{answered["survey"].pk}.csv"')
    text = content(response).decode("utf-8-sig")
    assert "Abschnitt;Frage;Antwort;Anzahl;Anteil (%);Antwortende" in text
    assert "weniger als 1 Jahr;3;33;9" in text  # 3 of the 9 respondents
    assert "Wunsch 2" in text
    page = client.get(Job.objects.get().get_absolute_url()).content.decode()
    assert "Export der Auswertung einer Umfrage" in page


def test_the_export_by_language_keeps_the_rule_of_five(client, kit_user, answered, media_root):
    client.force_login(kit_user)
    url = export_url(answered["survey"], "xlsx") + "?language=ar"

    response = download_through_job(client, url)

    sheet = load_workbook(io.BytesIO(content(response))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    # Only 3 answered in Arabic: no figures, no texts.
    assert "weniger als 5 Antworten: nicht gezeigt" in values
    assert '=HYPERLINK("http://evil.example")' not in values


def test_asking_again_while_it_runs_is_the_same_job(client, kit_user, answered, media_root, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, no worker runs it
    client.force_login(kit_user)
    first = job_of(client.get(export_url(answered["survey"], "csv")))
    again = job_of(client.get(export_url(answered["survey"], "csv")))
    assert first.pk == again.pk
    assert "wartet" in client.get(first.get_absolute_url()).content.decode().lower()


def test_other_districts_and_committee_members_cannot_see_the_job_or_the_file(
    client, steering_user, other_kit_user, committee_user, answered, media_root
):
    client.force_login(steering_user)
    job = job_of(client.get(export_url(answered["survey"], "csv")))
    result = reverse("job_result", kwargs={"pk": job.pk})
    for outsider in (other_kit_user, committee_user):
        client.force_login(outsider)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(result).status_code == 404
    client.logout()
    assert client.get(result).status_code == 404


def test_the_export_is_in_the_audit_log_with_who_asked(client, steering_user, answered, media_root, caplog):
    caplog.set_level("INFO", logger="integration_portal.audit")
    client.force_login(steering_user)
    download_through_job(client, export_url(answered["survey"], "xlsx"))
    lines = [record.getMessage() for record in caplog.records]
    expected = f"survey={answered['survey'].pk} format=xlsx language=all"
    assert any(line.startswith("event=survey_export user=steering-a") and expected in line for line in lines)
