"""Background jobs in tests: queue them in the database as production does, then run the queue in-process.

Most tests run jobs at once (the immediate backend of the test settings); a test about what users see while
a job waits uses `queued_jobs` and `run_queue()`. Real `run_worker` processes: tests/integration_portal/
test_jobs_worker.py.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from integration_portal.jobs.services import job_run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def queued_jobs(settings):
    """Jobs wait in the database queue until `run_queue()` (or a worker) runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queue() -> int:
    """Run every queued task as a worker would, oldest first, until none is left; returns how many ran."""
    ran = 0
    while (task := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        task.claim("test-worker")
        job_run(job_id=task.args_kwargs["args"][0], worker_id="test-worker")
        task.set_successful(None)
        ran += 1
    return ran


def _database_url() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def worker_environment(media_root, **overrides) -> dict:
    """The environment of a `run_worker` process on this test run's database and the given media folder."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings.test",
            "TASKS_BACKEND": "database",
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(media_root),
            "LOG_FORMAT": "json",
            # At the web processes' priority: the test run's other process keeps the cores busy meanwhile.
            "JOBS_WORKER_IDLE_PRIORITY": "false",
            **overrides,
        }
    )
    return environment


def start_worker(environment: dict, log_path: Path) -> subprocess.Popen:
    """`manage.py run_worker` as its own process, its output (JSON log lines) in `log_path`."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-startup-delay"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    process.log_path = log_path
    return process


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
