"""`python manage.py run_worker`: runs the portal's background jobs (PDF renders, imports, exports).

The engine's database worker (django-tasks-db) with the portal's heartbeat: start one or more on any
machine that reaches the database and the media folder; each claims jobs with SELECT … FOR UPDATE SKIP
LOCKED. SIGTERM or Ctrl+C lets the running job finish; a killed worker's job runs again on another worker. Its jobs
take only the CPU time the web processes leave (JOBS_WORKER_IDLE_PRIORITY).
"""

import os
import socket

from django.conf import settings
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from django_tasks_db.management.commands import db_worker

from integration_portal.jobs import services
from integration_portal.jobs.worker import Heartbeat, beat, jobs_requeue_stale, yield_cpu


class Command(db_worker.Command):
    help = _("Run the portal's background jobs (PDFs, imports, exports) until stopped.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        parser.set_defaults(worker_id=worker_id, reload=False, interval=settings.JOBS_WORKER_INTERVAL, queue_name="*")

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        services.worker_identity["id"] = worker_id
        # Before the first job: /readyz sees this worker, and the jobs of killed workers are queued again.
        beat(worker_id)
        jobs_requeue_stale()
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        # The jobs yield the CPU; the heartbeat, started before, keeps its turn, so a worker busy on a machine full
        # of requests is not taken for a dead one.
        if settings.JOBS_WORKER_IDLE_PRIORITY:
            yield_cpu()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
