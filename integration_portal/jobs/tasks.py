"""The one engine task: run an attempt of a portal job. Jobs differ by their kind, not by task."""

from django_tasks import task

from . import services


@task()
def run_job(job_id: str) -> None:
    services.job_run(job_id=job_id)
