"""The portal's view of a background job: what runs, for whom, how far it got, and what came out."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integration_portal.models import DistrictQuerySet, user_link

# A job that fails this often is marked failed and listed for KIT staff in the admin.
MAX_ATTEMPTS = 3


class Job(models.Model):
    """One piece of background work (a PDF render, an import, an export) as its user sees it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64, help_text=_("What the job does, e.g. a paper's PDF."))
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("What the user reads, e.g. “PDF of VO/2025/246”.")
    )
    district = models.ForeignKey(
        "integration_portal.District",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("The district whose data the job works on."),
    )
    requested_by = user_link(
        _("requested by"), help_text=_("The person whose action started the job; empty for a command or the system.")
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True, help_text=_("What the job works on."))
    state = models.CharField(_("job state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in total"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True, help_text=_("Shown to the user."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error_message = models.TextField(
        _("error"), max_length=2000, blank=True, help_text=_("What the user reads about the failure.")
    )
    error_detail = models.TextField(
        _("error detail"), max_length=20000, blank=True, help_text=_("For the administrators: the log.")
    )
    result_file = models.FileField(_("result file"), upload_to="jobs/", blank=True, max_length=300)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The same work (kind and content) runs once at a time, whoever asked for it."),
    )
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True, help_text=_("The engine's task row."))
    heartbeat = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created"]
        constraints = [
            # Deduplication: one active job per kind and content, whichever web process asked.
            models.UniqueConstraint(
                fields=["kind", "content_hash"],
                condition=models.Q(state__in=["queued", "running"]) & ~models.Q(content_hash=""),
                name="job_one_active_per_content",
            )
        ]

    def __str__(self):
        return f"{self.title or self.kind_label} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("job_detail", kwargs={"pk": self.pk})

    @property
    def kind_label(self):
        from .registry import kind_label

        return kind_label(self.kind)

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def again_url(self) -> str:
        """Where a failed job is asked for again: its object's link (a paper's PDF), else the same export."""
        return self.result_url or (self.params or {}).get("again", "")

    @property
    def steps_label(self) -> str:
        """“2 von 3 Schritten” for a job of several steps; a job of one step has nothing to count."""
        if self.progress_total <= 1:
            return ""
        return gettext("%(done)s of %(total)s steps") % {"done": self.progress_done, "total": self.progress_total}


class WorkerHeartbeat(models.Model):
    """A running `run_worker` process; `/readyz` wants one that beat within the last minute."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started = models.DateTimeField(_("started"), auto_now_add=True)
    beat = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["-beat"]

    def __str__(self):
        return f"{self.host}:{self.pid}"
