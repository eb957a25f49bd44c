"""What the portal keeps only for a while: client addresses of failed logins (django-axes' tables),
expired sessions, import files nobody confirmed, and the storage order of survey responses.
`manage.py purge_expired` runs `purge_expired()`; schedule it (SECURITY.md shows a cron line and a systemd timer)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import export_jobs, pending_uploads

# Nightly work of the apps above the core (e.g. participation's storage order), registered in their ready().
_nightly_tasks: list[Callable[[], int]] = []


def register_nightly_task(task: Callable[[], int]) -> None:
    """Run `task` with every `purge_expired`; it returns how many tables or rows it rewrote."""
    if task not in _nightly_tasks:
        _nightly_tasks.append(task)


@dataclass
class Purged:
    login_attempts: int
    sessions: int
    import_files: int
    survey_tables: int
    export_files: int = 0


def purge_expired(*, retention_days: int | None = None) -> Purged:
    """Delete login records (with their IP addresses) older than LOGIN_RECORD_RETENTION_DAYS, expired
    sessions, import files older than an hour and export files older than EXPORT_RETENTION_HOURS; rewrite
    the survey's tables in random order."""
    days = settings.LOGIN_RECORD_RETENTION_DAYS if retention_days is None else retention_days
    limit = timezone.now() - timedelta(days=days)
    attempts = AccessAttempt.objects.filter(attempt_time__lt=limit).delete()[0]
    attempts += AccessFailureLog.objects.filter(attempt_time__lt=limit).delete()[0]
    attempts += AccessLog.objects.filter(attempt_time__lt=limit).delete()[0]
    # The portal keeps sessions in the database (Django's default engine), as `clearsessions` would clear them.
    sessions = Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
    return Purged(
        login_attempts=attempts,
        sessions=sessions,
        import_files=pending_uploads.purge(),
        survey_tables=sum(task() for task in _nightly_tasks),
        export_files=export_jobs.purge_old_exports(),
    )
