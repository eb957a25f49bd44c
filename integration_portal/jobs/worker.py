"""The worker's heartbeat: it tells `/readyz` that jobs are being run, keeps the running job's heartbeat
fresh, and re-queues the jobs of workers that stopped beating."""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import Job, WorkerHeartbeat
from .services import jobs_requeue_stale

logger = logging.getLogger("integration_portal.jobs")


def queue_answers() -> bool:
    """Can the engine's queue table be read?"""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.only("pk").first()
    return True


def worker_alive(*, within: timedelta = timedelta(minutes=1)) -> bool:
    """Has any worker beaten within the last minute?"""
    return WorkerHeartbeat.objects.filter(beat__gte=timezone.now() - within).exists()


def yield_cpu() -> None:
    """The calling thread, and threads it starts later, run only when no other process wants a core (Linux's
    SCHED_IDLE); elsewhere at the lowest priority a nice value gives. Where a sandbox forbids it, the jobs run at
    the priority the worker was started with."""
    try:
        if hasattr(os, "sched_setscheduler"):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        else:
            os.nice(19)
    except OSError as error:
        logger.warning("Worker: jobs run at the normal CPU priority, it could not be lowered (%s).", error)


def beat(worker_id: str) -> None:
    """One heartbeat: the worker's row and the heartbeat of the job it runs."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat": now, "host": socket.gethostname()[:200], "pid": os.getpid()}
    )
    Job.objects.filter(state=Job.State.RUNNING, worker_id=worker_id).update(heartbeat=now)


class Heartbeat(threading.Thread):
    """Beats every JOBS_HEARTBEAT_SECONDS; re-queues stale jobs on start and every JOBS_REQUEUE_SECONDS."""

    def __init__(self, worker_id: str):
        super().__init__(name="job-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        next_requeue = 0.0
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
                if time.monotonic() >= next_requeue:
                    jobs_requeue_stale()
                    next_requeue = time.monotonic() + settings.JOBS_REQUEUE_SECONDS
            except Exception:
                # A database that is briefly away must not stop the worker; the next beat tries again.
                logger.exception("Worker %s: heartbeat failed.", self.worker_id)
            self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS)
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
