"""Background jobs in the process that queues them: states, progress, retries, dedup, log lines, readiness."""

import pytest
from django.db import transaction

from integration_portal.jobs import registry
from integration_portal.jobs.models import Job, WorkerHeartbeat
from integration_portal.jobs.services import JobError, JobSuperseded, job_enqueue, job_run, jobs_requeue_stale
from integration_portal.jobs.worker import beat
from integration_portal.logging import bound_request_id

RUNS = []


def _count(context):
    context.progress(1, 2, "Erster Schritt")
    RUNS.append(("count", context.attempt))
    with transaction.atomic():
        # The work and the completion commit together (here: a row of the district).
        Job.objects.filter(pk=context.job.pk).update(result_url="/erledigt/")
        context.complete(content=b"Ergebnis", name="ergebnis.txt")


def _flaky(context):
    RUNS.append(("flaky", context.attempt))
    raise OSError("disk full")


def _refused(context):
    RUNS.append(("refused", context.attempt))
    raise JobError("Die Datei enthält in Zeile 3 keine Maßnahme.")


registry.register("test_count", label="Zähltest", run=_count)
registry.register("test_flaky", label="Wackeltest", run=_flaky)
registry.register("test_refused", label="Ablehnungstest", run=_refused)


@pytest.fixture(autouse=True)
def _runs(media_root):
    RUNS.clear()


@pytest.mark.django_db
def test_a_job_runs_reports_progress_and_keeps_its_result(district, kit_user):
    job = job_enqueue(kind="test_count", district=district, user=kit_user)
    assert (job.state, job.attempts, job.requested_by, job.result_url) == ("done", 1, kit_user, "/erledigt/")
    assert (job.progress_done, job.progress_total, job.percent) == (2, 2, 100)
    assert job.result_file.read() == b"Ergebnis" and job.result_name == "ergebnis.txt"
    assert RUNS == [("count", 1)]


@pytest.mark.django_db
def test_a_job_that_fails_three_times_is_marked_failed_with_a_german_message(district):
    job = job_enqueue(kind="test_flaky", district=district)
    assert RUNS == [("flaky", 1), ("flaky", 2), ("flaky", 3)]
    assert (job.state, job.attempts) == ("failed", 3)
    assert job.error_message.startswith("Der Auftrag konnte nicht abgeschlossen werden. Bitte erneut versuchen")
    assert "OSError: disk full" in job.error_detail


@pytest.mark.django_db
def test_a_refusal_the_user_can_act_on_fails_at_once_with_its_text(district):
    job = job_enqueue(kind="test_refused", district=district)
    assert RUNS == [("refused", 1)]
    assert (job.state, job.error_message) == ("failed", "Die Datei enthält in Zeile 3 keine Maßnahme.")


@pytest.mark.django_db
def test_the_same_content_is_queued_once_whoever_asks(district, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = job_enqueue(kind="test_count", district=district, content_hash="abc")
    second = job_enqueue(kind="test_count", district=district, content_hash="abc")
    other = job_enqueue(kind="test_count", district=district, content_hash="def")
    assert first.pk == second.pk != other.pk
    assert Job.objects.filter(state="queued").count() == 2 and RUNS == []


@pytest.mark.django_db
def test_a_finished_job_is_never_run_again(district):
    job = job_enqueue(kind="test_count", district=district)
    job_run(job_id=str(job.pk), worker_id="another")
    job.refresh_from_db()
    assert (job.state, job.attempts, RUNS) == ("done", 1, [("count", 1)])


@pytest.mark.django_db
def test_an_attempt_taken_over_by_another_rolls_its_work_back(district):
    from integration_portal.jobs.services import JobContext

    job = Job.objects.create(kind="test_count", district=district, state="running", worker_id="dead", attempts=1)
    late = JobContext(job, "dead")
    Job.objects.filter(pk=job.pk).update(worker_id="alive", attempts=2)
    with pytest.raises(JobSuperseded), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(result_url="/doppelt/")
        late.complete()
    job.refresh_from_db()
    assert (job.state, job.result_url) == ("running", "")


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_is_queued_again_then_failed_after_three(district, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_STALE_SECONDS = 0
    job = Job.objects.create(kind="test_count", district=district, state="running", worker_id="dead", attempts=1)
    Job.objects.filter(pk=job.pk).update(heartbeat="2020-01-01T00:00:00Z")
    assert jobs_requeue_stale() == 1
    job.refresh_from_db()
    assert (job.state, job.task_id != "") == ("queued", True)

    Job.objects.filter(pk=job.pk).update(state="running", attempts=3, heartbeat="2020-01-01T00:00:00Z")
    jobs_requeue_stale()
    job.refresh_from_db()
    assert job.state == "failed" and "Bitte erneut versuchen" in job.error_message


@pytest.mark.django_db
def test_the_jobs_log_lines_carry_the_request_id_that_queued_it(district, log_lines):
    with bound_request_id("req-4711-abcdef"):
        job = job_enqueue(kind="test_flaky", district=district)
    assert job.request_id == "req-4711-abcdef"
    lines = [line for line in log_lines() if line["logger"] == "integration_portal.jobs"]
    assert len(lines) >= 6 and {line["request_id"] for line in lines} == {"req-4711-abcdef"}
    assert any("failed in attempt 3" in line["message"] for line in lines)


@pytest.mark.django_db
def test_readyz_wants_a_worker_heartbeat_within_the_last_minute(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get("/readyz").status_code == 503
    beat("worker-1")
    assert client.get("/readyz").status_code == 200
    WorkerHeartbeat.objects.update(beat="2020-01-01T00:00:00Z")
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")


def _job_page(client, job):
    page = client.get(job.get_absolute_url()).content.decode()
    return page, client.get(f"{job.get_absolute_url()}status/").json()


@pytest.mark.django_db
def test_a_job_of_one_step_shows_its_state_and_bar_without_counting_steps(kit_client, kit_user, district):
    job = Job.objects.create(
        kind="test_count", district=district, requested_by=kit_user, state="running", step="Datei wird geschrieben"
    )
    Job.objects.filter(pk=job.pk).update(progress_done=0, progress_total=1)
    page, status = _job_page(kit_client, job)
    assert "läuft" in page and "Datei wird geschrieben" in page
    assert '<label for="job-progress">Fortschritt</label>' in page and 'value="0"' in page
    assert "Schritt" not in page and status["steps"] == ""

    Job.objects.filter(pk=job.pk).update(state="done", progress_done=1, step="Fertig")
    page, status = _job_page(kit_client, job)
    assert "erledigt" in page and 'value="100"' in page and "100 %" in page
    assert "1 von 1 Schritten" not in page and "Schritt" not in page and status["steps"] == ""


@pytest.mark.django_db
def test_a_job_of_several_steps_counts_them_on_the_page_and_for_its_script(kit_client, kit_user, district):
    job = Job.objects.create(kind="test_count", district=district, requested_by=kit_user, state="running")
    Job.objects.filter(pk=job.pk).update(progress_done=1, progress_total=3)
    page, status = _job_page(kit_client, job)
    assert "(1 von 3 Schritten)" in page and 'value="33"' in page
    assert (status["percent"], status["steps"]) == (33, "1 von 3 Schritten")
