"""Starting, running, retrying and re-queueing jobs. The one place of the job's states and its attempts."""

import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integration_portal.logging import bound_request_id, current_request_id

from .models import MAX_ATTEMPTS, Job
from .registry import get_kind

logger = logging.getLogger("integration_portal.jobs")

# The id of this process' worker (set by `run_worker`); jobs run by the immediate backend record this one.
worker_identity = {"id": "in-process"}


class JobError(Exception):
    """A failure the user can act on: `message` (German) is shown on the job page as it is.

    `retry=False` (the default) fails the job at once, as another attempt would fail the same way.
    """

    def __init__(self, message, *, retry=False):
        super().__init__(str(message))
        self.message = str(message)
        self.retry = retry


class JobSuperseded(Exception):
    """This attempt lost the job (its worker was taken for dead and another attempt runs): its work is
    rolled back."""


def _default_error_message(job: Job) -> str:
    return _(
        "The job could not be completed. Please try again; if it fails again, contact your district's IT "
        "and give them the job number %(job)s."
    ) % {"job": job.pk}


def job_enqueue(
    *,
    kind: str,
    district,
    title: str = "",
    user=None,
    params: dict | None = None,
    content_hash: str = "",
    step: str = "",
    url: str = "",
    request_id: str | None = None,
) -> Job:
    """Create a job and put it into the queue; returns it.

    With a `content_hash`, an active (queued or running) job of the same kind and content is returned
    instead of a new one, whichever process asked: the same work runs once. The request id of the current
    request is stored on the job and carried into the job's log lines.
    """
    if get_kind(kind) is None:
        raise ValueError(f"Unknown job kind {kind!r}")
    if content_hash:
        active = _active_job(kind, content_hash)
        if active is not None:
            return active
    if request_id is None:
        request_id = current_request_id()
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                district=district,
                title=str(title)[:300],
                requested_by=user if user is not None and user.is_authenticated else None,
                params=params or {},
                content_hash=content_hash,
                result_url=url,
                step=step or _("Waiting for a free worker"),
                request_id="" if request_id == "-" else request_id,
            )
            _queue(job)
    except IntegrityError:
        # Another process queued the same content a moment ago: that job does the work.
        active = _active_job(kind, content_hash) if content_hash else None
        if active is None:
            raise
        return active
    job.refresh_from_db()
    return job


def _active_job(kind: str, content_hash: str) -> Job | None:
    return Job.objects.filter(kind=kind, content_hash=content_hash, state__in=Job.ACTIVE_STATES).first()


def _queue(job: Job, delay: float = 0) -> None:
    """Hand the job to the engine. The task row is written in the caller's transaction, so a job is queued
    exactly when the change that asked for it is committed."""
    from .tasks import run_job

    task = run_job
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


class JobContext:
    """What a job's `run` function gets: the job, its parameters, progress reports and completion."""

    def __init__(self, job: Job, worker_id: str):
        self.job = job
        self.params = job.params
        self.worker_id = worker_id
        self.attempt = job.attempts
        self.completed = False

    def _mine(self):
        return Job.objects.filter(
            pk=self.job.pk, state=Job.State.RUNNING, worker_id=self.worker_id, attempts=self.attempt
        )

    def progress(self, done: int, total: int | None = None, step: str | None = None) -> None:
        """Report how far the job got (`step`: a German text for the user)."""
        changes = {"progress_done": done, "heartbeat": timezone.now()}
        if total is not None:
            changes["progress_total"] = total
        if step is not None:
            changes["step"] = str(step)[:200]
        self._mine().update(**changes)

    def complete(self, *, content: bytes | None = None, name: str = "", url: str = "") -> None:
        """Mark the job done, with a result file (`content` saved as `name`) or a link (`url`).

        Call it inside the transaction that writes the job's work to the database: the work and the
        completion commit together, so an attempt that crashed before leaves nothing, and a re-run after
        one that committed finds the job done and never does the work twice. Raises `JobSuperseded` (rolling
        the work back) when another attempt has taken the job over.
        """
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=self.job.pk)
            if job.state != Job.State.RUNNING or job.worker_id != self.worker_id or job.attempts != self.attempt:
                raise JobSuperseded(str(job.pk))
            if content is not None:
                job.result_file.save(f"{job.district_id}/{job.pk}.bin", ContentFile(content), save=False)
                job.result_name = name
            job.result_url = url or job.result_url
            job.state, job.finished, job.heartbeat = Job.State.DONE, timezone.now(), timezone.now()
            job.progress_done = max(job.progress_done, job.progress_total)
            job.step = _("Done")
            job.error_message = ""
            job.save()
        self.job = job
        self.completed = True


def _claim(job_id: str, worker_id: str) -> Job | None:
    """Take the job for this attempt, under its row lock; None if there is nothing (more) to do."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.state == Job.State.RUNNING and not _is_stale(job):
            return None  # another worker runs it right now
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job, _default_error_message(job), "")
            return None
        now = timezone.now()
        job.state, job.worker_id, job.attempts = Job.State.RUNNING, worker_id, job.attempts + 1
        job.heartbeat, job.started, job.step = now, now, _("Started")
        job.save()
    return job


def _is_stale(job: Job) -> bool:
    return job.heartbeat is None or job.heartbeat < timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)


def _fail(job: Job, message: str, detail: str) -> None:
    job.state, job.finished = Job.State.FAILED, timezone.now()
    job.error_message, job.error_detail = message[:2000], (detail or job.error_detail)[-20000:]
    job.step = _("Failed")
    job.save()


def job_run(*, job_id: str, worker_id: str | None = None) -> None:
    """Run one attempt of the job (called by the engine's task `run_job`)."""
    worker_id = worker_id or worker_identity["id"]
    with translation.override("de"):
        job = _claim(job_id, worker_id)
        if job is None:
            return
        with bound_request_id(job.request_id):
            _run_attempt(job, worker_id)


def _run_attempt(job: Job, worker_id: str) -> None:
    kind = get_kind(job.kind)
    context = JobContext(job, worker_id)
    logger.info("Job %s (%s) started, attempt %d of %d.", job.pk, job.kind, job.attempts, MAX_ATTEMPTS)
    failure = None
    try:
        if kind is None:
            raise JobError(_("This kind of job is not known to this version of the portal."))
        kind.run(context)
        if not context.completed:
            context.complete()
    except JobSuperseded:
        logger.warning(
            "Job %s: attempt %d was taken over by another one; its work was rolled back.", job.pk, job.attempts
        )
        return
    except Exception as error:
        failure = error
    # Outside the except block: a retry run in this process does not chain onto this failure.
    if failure is not None:
        _record_failure(context, failure)
    else:
        logger.info("Job %s (%s) done.", job.pk, job.kind)


def _record_failure(context: JobContext, error: Exception) -> None:
    job = context.job
    logger.error("Job %s (%s) failed in attempt %d.", job.pk, job.kind, context.attempt, exc_info=error)
    detail = "".join(traceback.format_exception(error))[-20000:]
    retry = error.retry if isinstance(error, JobError) else True
    message = error.message if isinstance(error, JobError) else _default_error_message(job)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state != Job.State.RUNNING or job.worker_id != context.worker_id or job.attempts != context.attempt:
            return
        if not retry or job.attempts >= MAX_ATTEMPTS:
            _fail(job, message, detail)
            return
        job.state, job.error_message, job.error_detail = Job.State.QUEUED, message[:2000], detail
        job.step = _("Failed, will be tried again")
        job.save()
        _queue(job, delay=settings.JOBS_RETRY_DELAY * job.attempts)


def jobs_requeue_stale() -> int:
    """Queue again the running jobs whose worker stopped beating (killed, machine gone); after the third
    attempt such a job is failed. Returns how many were handled."""
    limit = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    handled = 0
    with transaction.atomic():
        stale = Job.objects.select_for_update(skip_locked=True).filter(state=Job.State.RUNNING, heartbeat__lt=limit)
        for job in stale:
            with bound_request_id(job.request_id), translation.override("de"):
                if job.attempts >= MAX_ATTEMPTS:
                    logger.error("Job %s (%s): its worker stopped in the last attempt; failed.", job.pk, job.kind)
                    _fail(job, _default_error_message(job), _("The worker stopped while running the job."))
                else:
                    logger.warning("Job %s (%s): its worker stopped; queued again.", job.pk, job.kind)
                    job.state, job.step = Job.State.QUEUED, _("Interrupted, will be tried again")
                    job.save(update_fields=["state", "step"])
                    _queue(job)
            handled += 1
    return handled
