"""Health probes for a load balancer or systemd: no login, no session, no audit line, no internals shown.

/healthz says the process answers (it touches neither the database nor the cache); /readyz says this node
can serve requests: the database, the cache and the task queue answer, and (where jobs go to a queue rather
than running in-process) a worker beat within the last minute. Why one failed goes to the log, never to the body.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _answer(ready: bool) -> HttpResponse:
    return HttpResponse(
        "ok\n" if ready else "unavailable\n", status=200 if ready else 503, content_type="text/plain; charset=utf-8"
    )


# Outside the request's transaction: with SQLite, even an empty one would take the write lock.
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request):
    return _answer(True)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Readiness: the database does not answer.", exc_info=True)
        return False


def _cache_answers() -> bool:
    key, value = "readyz", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        return cache.get(key) == value
    except Exception:
        logger.warning("Readiness: the cache does not answer.", exc_info=True)
        return False


def _task_queue_answers() -> bool:
    from django_tasks import default_task_backend

    from .jobs.worker import queue_answers, worker_alive

    try:
        if not default_task_backend.supports_get_result:
            return True  # jobs run inside the process that queues them: no queue, no worker
        if not queue_answers():
            return False
        if not worker_alive():
            logger.warning("Readiness: no background worker beat within the last minute.")
            return False
        return True
    except Exception:
        logger.warning("Readiness: the task queue does not answer.", exc_info=True)
        return False


@transaction.non_atomic_requests
@never_cache
@require_safe
def readyz(request):
    # All are checked, so the log names every part that is down.
    database, cache_, jobs = _database_answers(), _cache_answers(), _task_queue_answers()
    return _answer(database and cache_ and jobs)
