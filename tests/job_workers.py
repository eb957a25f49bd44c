"""A real `manage.py run_worker` process on the test database, for benchmarks and the worker tests.

The database must be one the process can reach: PostgreSQL, or SQLite in a file (not in memory), and the
data committed (`transactional_db`). Uploads and media go to the folders of the calling process' settings.
"""

import os
import signal
import subprocess  # nosec B404: starts this project's own manage.py
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from integration_portal.jobs.models import WorkerHeartbeat

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"


def database_url() -> str:
    """The URL of the database this process uses now (the test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise RuntimeError("A worker process needs the test database in a file or on PostgreSQL.")
        return f"sqlite:///{name}"
    user = db["USER"] or "postgres"
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*, timeout: float = 60, **settings_env: str) -> subprocess.Popen:
    """Start `manage.py run_worker` on this database and wait for its first heartbeat.

    `settings_env`: further settings for the worker as environment variables, e.g. JOBS_STALE_SECONDS="3".
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integration_portal.settings.test",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "IMPORT_UPLOAD_DIR": str(settings.IMPORT_UPLOAD_DIR),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "JOBS_WORKER_INTERVAL": "0.2",
        **settings_env,
    }
    before = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    process = subprocess.Popen([sys.executable, str(MANAGE), "run_worker"], env=env)  # nosec B603
    deadline = time.monotonic() + timeout
    while not WorkerHeartbeat.objects.exclude(worker_id__in=before).exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("The worker did not start.")
        time.sleep(0.1)
    return process


def stop_worker(process: subprocess.Popen, *, kill: bool = False) -> None:
    """SIGTERM lets the running job finish; `kill` stops the worker at once, as a crash would."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
