"""Downloads that run as background jobs: the export link leads to the job page, which offers the file."""

from django.urls import reverse

from integration_portal.jobs.models import Job


def job_of(response) -> Job:
    """The job a response sent the user to (its page)."""
    assert response.status_code == 302, response.status_code
    job = Job.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert response["Location"] == job.get_absolute_url()
    return job


def download_through_job(client, url, data=None):
    """Follow an export link as a user does: the job page says it is done, then its download."""
    job = job_of(client.get(url, data or {}))
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "Ergebnis herunterladen" in page.content.decode(), page.content.decode()
    return client.get(reverse("job_result", kwargs={"pk": job.pk}))
