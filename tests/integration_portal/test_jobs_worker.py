"""Real `manage.py run_worker` processes on the test database (SQLite file or PostgreSQL): a killed worker's
render runs again and completes, a job failing three times is failed and listed for KIT staff, a re-run never
does the work twice, and the worker's log lines carry the request id of the request that queued the job."""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from integration_portal.jobs.models import Job
from integration_portal.jobs.tasks import run_job
from integration_portal.jobs.worker import yield_cpu
from integration_portal.logging import bound_request_id
from papers import jobs as paper_jobs
from papers.models import PaperPdf

from ..factories import build_plan
from ..job_queue import start_worker, stop_worker, worker_environment
from ..papers.factories import make_paper
from ..papers.pdftext import page_texts, squeeze

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings, tmp_path):
    """Starts `run_worker` processes on the test database and media folder; kills what is left at the end."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    environment = worker_environment(
        settings.MEDIA_ROOT,
        JOBS_HEARTBEAT_SECONDS="0.5",
        JOBS_STALE_SECONDS="3",
        JOBS_REQUEUE_SECONDS="1",
        JOBS_RETRY_DELAY="0.2",
        JOBS_WORKER_INTERVAL="0.1",
    )
    started = []

    def start():
        started.append(start_worker(environment, tmp_path / f"worker-{len(started)}.log"))
        return started[-1]

    yield start
    for process in started:
        stop_worker(process)


def _wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")


def _job(job_id):
    return Job.objects.get(pk=job_id)


def test_a_worker_killed_mid_render_leaves_the_job_to_the_next_which_renders_the_pdf_once(worker, district, tmp_path):
    with bound_request_id("req-kill-4711-abcdef"):  # as the request that saved the paper
        paper = make_paper(district=district, annex_plan=build_plan(district=district, measures=40, fields=4))
    job = Job.objects.get(kind="paper_pdf")
    assert job.request_id == "req-kill-4711-abcdef"

    first = worker()
    # Killed while WeasyPrint lays the PDF out: nothing written yet.
    _wait_for(lambda: _job(job.pk).step == "PDF wird gesetzt")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert _job(job.pk).state == "running" and not PaperPdf.objects.get(paper=paper).draft_hash

    second = worker()
    done = _wait_for(lambda: (j := _job(job.pk)).state == "done" and j)
    assert done.attempts == 2
    state = PaperPdf.objects.get(paper=paper)
    path = Path(tmp_path / "media" / paper_jobs.draft_path(paper=paper, content_hash=state.draft_hash))
    assert paper.reference in squeeze("".join(page_texts(path.read_bytes())))
    files = list(path.parent.iterdir())
    assert files == [path]

    # The engine hands the finished job out again (a duplicate task): the worker does nothing.
    modified = path.stat().st_mtime_ns
    duplicate = run_job.enqueue(str(job.pk))
    _wait_for(lambda: duplicate.backend and run_job.get_result(duplicate.id).status == "SUCCESSFUL")
    again = _job(job.pk)
    assert (again.attempts, again.finished, path.stat().st_mtime_ns) == (2, done.finished, modified)

    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0
    lines = [json.loads(line) for line in second.log_path.read_text().splitlines() if line.startswith("{")]
    mine = [line for line in lines if str(job.pk) in line["message"]]
    assert mine and {line["request_id"] for line in mine} == {"req-kill-4711-abcdef"}


def test_a_job_failing_three_times_is_failed_and_kit_staff_see_it_in_the_admin(
    worker, district, kit_user, other_kit_user, client, settings
):
    paper = make_paper(district=district)
    # The drafts' folder cannot be created (a file is in its place): every attempt fails, whoever runs it.
    drafts = Path(settings.MEDIA_ROOT) / "papers" / "drafts"
    drafts.parent.mkdir(parents=True)
    drafts.write_text("kein Ordner")
    job = Job.objects.get(kind="paper_pdf")  # queued by the paper's save

    worker()
    failed = _wait_for(lambda: (j := _job(job.pk)).state == "failed" and j)
    assert failed.attempts == 3 and "Bitte erneut versuchen" in failed.error_message
    assert "NotADirectoryError" in failed.error_detail or "FileExistsError" in failed.error_detail

    client.force_login(kit_user)
    listing = client.get("/admin/integration_portal/job/?state__exact=failed").content.decode()
    assert f"PDF der Vorlage {paper.reference}" in listing and "Bitte erneut versuchen" in listing
    client.force_login(other_kit_user)
    assert f"PDF der Vorlage {paper.reference}" not in client.get("/admin/integration_portal/job/").content.decode()


def test_the_workers_jobs_take_only_the_cpu_time_requests_leave_and_its_heartbeat_keeps_its_turn(tmp_path):
    """A PDF render runs only on a core no request wants (SCHED_IDLE, JOBS_WORKER_IDLE_PRIORITY by default); the
    heartbeat thread keeps the normal priority, so a worker on a busy machine is not taken for a dead one."""
    environment = worker_environment(tmp_path / "media")
    del environment["JOBS_WORKER_IDLE_PRIORITY"]
    process = start_worker(environment, tmp_path / "worker.log")
    try:
        assert _wait_for(lambda: os.sched_getscheduler(process.pid) == os.SCHED_IDLE, seconds=60)
        threads = [int(tid) for tid in os.listdir(f"/proc/{process.pid}/task") if int(tid) != process.pid]
        assert os.SCHED_OTHER in {os.sched_getscheduler(tid) for tid in threads}
    finally:
        stop_worker(process)


def test_a_worker_that_may_not_lower_its_cpu_priority_still_runs_and_says_so_in_the_log(monkeypatch, caplog):
    def refused(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "sched_setscheduler", refused)
    yield_cpu()
    assert "could not be lowered ([Errno 1] Operation not permitted)" in caplog.text
    assert os.sched_getscheduler(0) == os.SCHED_OTHER
