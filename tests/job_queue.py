"""Background jobs in tests: queue them in the database as production does, then run the queue in-process.

Most tests run jobs at once (the immediate backend of the test settings); a test about what users see while
a job waits uses `queued_jobs` and `run_queue()`. Real `run_worker` processes: tests/integration_portal/
test_jobs_worker.py.
"""

import pytest
from django_tasks_db.models import DBTaskResult

from integration_portal.jobs.services import job_run


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
