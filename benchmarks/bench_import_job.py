"""Time of a 5,000-row import (the upper limit) run as a background job by a real `manage.py run_worker`.

The file is the one of `bench_import.py`. The clock runs from “Import bestätigen” (the job is queued) until
the job is done, as the user waits on the job page; the page's progress is sampled meanwhile. Run with
`make bench` (SQLite in a file) or `DATABASE_URL=postgres://… make bench`. Prints figures, never fails on speed.
"""

import time

import pytest
from django.db import connection

from actionplan import jobs
from actionplan.models import Actor, AppliedImport, Measure
from benchmarks.bench_import import ROWS, generated_rows
from integration_portal import pending_uploads, roles
from integration_portal.jobs.models import Job, WorkerHeartbeat
from tests.actionplan.excel_helpers import xlsx_file
from tests.factories import ActionPlanFactory, DistrictFactory, UserFactory
from tests.job_queue import start_worker, stop_worker, worker_environment


def wait_for(job: Job, timeout: float = 600) -> list[tuple[float, int, int, str]]:
    """Poll the job as its page does; returns the progress seen (seconds, done, total, step)."""
    seen, start = [], time.perf_counter()
    while time.perf_counter() - start < timeout:
        job.refresh_from_db()
        sample = (job.progress_done, job.progress_total, job.step)
        if not seen or seen[-1][1:] != sample:
            seen.append((time.perf_counter() - start, *sample))
        if job.is_finished:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"The job did not finish within {timeout} s: {job.step}")


@pytest.mark.django_db(transaction=True)
def test_import_of_5000_rows_as_a_job(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"
    district = DistrictFactory()
    plan = ActionPlanFactory(district=district)
    user = UserFactory(username="kit-bench", district=district, role=roles.KIT_STAFF)
    Actor.objects.bulk_create(Actor(district=district, name=f"Akteur {i}") for i in range(30))
    token = pending_uploads.store(xlsx_file(generated_rows()), "plan.xlsx")
    print(f"\nimport as a job, {connection.vendor}: {ROWS} rows, one worker")

    started = time.perf_counter()
    environment = worker_environment(settings.MEDIA_ROOT, IMPORT_UPLOAD_DIR=str(settings.IMPORT_UPLOAD_DIR))
    worker = start_worker(environment, tmp_path / "worker.log")
    while not WorkerHeartbeat.objects.exists() and worker.poll() is None:
        time.sleep(0.1)
    print(f"worker started in {time.perf_counter() - started:.1f} s")
    try:
        start = time.perf_counter()
        job = jobs.import_enqueue(plan=plan, user=user, token=token, filename="plan.xlsx", row_count=ROWS)
        seen = wait_for(job)
        seconds = time.perf_counter() - start
    finally:
        stop_worker(worker)

    for at, done, total, step in seen:
        print(f"  {at:6.1f} s  {done}/{total}  {step}")
    assert job.state == Job.State.DONE, job.error_message
    print(f"5,000-row import as a job, from confirmation to done: {seconds:.1f} s")
    assert Measure.objects.filter(challenge__field__plan=plan).count() == ROWS
    assert AppliedImport.objects.get(token=token).created_count == ROWS
