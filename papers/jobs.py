"""The papers' PDFs as background jobs; no web request renders a PDF.

- A draft's PDF is rendered after every save that may change what it shows (the paper, its Beratungsfolge and
  attachments, the committees and meetings, the annex plan). The job renders the HTML, names the file by the
  hash of that HTML and of the PDF's assets, and lays the PDF out only if no file of that content exists and
  no other job renders the same content right now: the same content renders once, whoever asked.
- Releasing a paper freezes its PDF in a job; its page says “wird erzeugt” until the file is there.
- Recording a result writes its decision extract in a job.
"""

import hashlib
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from integration_portal.jobs import registry
from integration_portal.jobs.models import Job
from integration_portal.jobs.services import job_enqueue

from .models import Consultation, CouncilPaper, PaperPdf

PAPER_PDF = "paper_pdf"
PAPER_FREEZE = "paper_release_pdf"
DECISION_EXTRACT = "decision_extract"
# Seconds a render waits for another job that renders the very same content before it gives up.
SAME_CONTENT_WAIT = 600


def draft_path(*, paper: CouncilPaper, content_hash: str) -> str:
    return f"papers/drafts/{paper.district_id}/{paper.pk}-{content_hash}.pdf"


def content_hash(html: str) -> str:
    """The draft's cache key: its HTML (all data the PDF shows) and the CSS and fonts it is laid out with."""
    from .pdf import asset_fingerprint

    return hashlib.sha256((html + asset_fingerprint()).encode()).hexdigest()[:32]


def _requesting_user():
    """The user of the web request that saved (django-simple-history keeps the request), else None."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _pdf_state(paper: CouncilPaper) -> PaperPdf | None:
    try:
        return paper.pdf_state
    except PaperPdf.DoesNotExist:
        return None


def draft_render_schedule(*, paper_ids, user=None) -> dict[int, Job]:
    """Queue a render of each draft paper (released ones are frozen, not rendered); {paper id: job}.

    A paper whose render is still waiting in the queue keeps that job: it will render the latest content.
    """
    jobs = {}
    papers = (
        CouncilPaper.objects.filter(pk__in=paper_ids)
        .exclude(status__in=CouncilPaper.RELEASED_STATUSES)
        .select_related("district", "pdf_state__job")
    )
    for paper in papers:
        state = _pdf_state(paper)
        if state is not None and state.job is not None and state.job.state == Job.State.QUEUED:
            jobs[paper.pk] = state.job
            continue
        with transaction.atomic():
            job = job_enqueue(
                kind=PAPER_PDF,
                district=paper.district,
                user=user,
                title=_("PDF of %(reference)s") % {"reference": paper.reference},
                params={"paper": paper.pk, "previous": bool(state and state.draft_hash)},
                url=paper.get_pdf_url(),
                step=_("Waiting for a free worker"),
            )
            PaperPdf.objects.update_or_create(paper=paper, defaults={"job": job})
        jobs[paper.pk] = job
    return jobs


def draft_for_download(*, paper: CouncilPaper, user, previous: bool = False) -> str | Job:
    """The storage path of the draft's current PDF, or the job that is making it (the view shows its page).

    `previous`: the last file rendered, even while a newer one is being made (offered marked as outdated).
    A lookup, never a render: `paper` comes with `pdf_state__job` (selectors.paper_get).
    """
    state = _pdf_state(paper)
    if state is not None and state.draft_hash and (previous or (state.job and state.job.state == Job.State.DONE)):
        path = draft_path(paper=paper, content_hash=state.draft_hash)
        if default_storage.exists(path):
            return path
    if state is not None and state.job is not None and state.job.state in Job.ACTIVE_STATES:
        return state.job
    # Never rendered, its file gone, or the last render failed: render (again).
    job = draft_render_schedule(paper_ids=[paper.pk], user=user)[paper.pk]
    state = PaperPdf.objects.select_related("job").get(paper=paper)
    if state.job.state == Job.State.DONE and state.draft_hash:
        path = draft_path(paper=paper, content_hash=state.draft_hash)
        if default_storage.exists(path):
            return path
    return job


def _take_content(context, digest: str) -> None:
    """Record the content this job renders; while another job renders the same content, wait for it."""
    waited = 0.0
    while True:
        try:
            with transaction.atomic():
                Job.objects.filter(pk=context.job.pk).update(content_hash=digest)
            return
        except IntegrityError:
            if waited >= SAME_CONTENT_WAIT:
                raise
            context.progress(1, 3, _("Another job renders the same content; waiting for it"))
            time.sleep(0.5)
            waited += 0.5


def _run_draft(context) -> None:
    from .pdf import html_to_pdf, render_paper_html

    paper = CouncilPaper.objects.select_related("district").filter(pk=context.params["paper"]).first()
    if paper is None or paper.is_released:
        context.complete()  # deleted, or released meanwhile: its frozen file is another job's
        return
    context.progress(0, 3, _("Collecting the paper's content"))
    html = render_paper_html(paper)
    digest = content_hash(html)
    _take_content(context, digest)
    path = draft_path(paper=paper, content_hash=digest)
    if not default_storage.exists(path):
        context.progress(1, 3, _("Laying out the PDF"))
        pdf = html_to_pdf(html)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(pdf))
    context.progress(2, 3, _("Saving the PDF"))
    with transaction.atomic():
        PaperPdf.objects.update_or_create(paper=paper, defaults={"draft_hash": digest})
        context.complete(url=paper.get_pdf_url())
    _delete_older_drafts(paper, path)


def _delete_older_drafts(paper: CouncilPaper, current: str) -> None:
    folder, name = current.rsplit("/", 1)
    prefix = f"{paper.pk}-"
    for old in default_storage.listdir(folder)[1]:
        if old.startswith(prefix) and old != name:
            default_storage.delete(f"{folder}/{old}")


def freeze_schedule(*, paper: CouncilPaper, user=None) -> Job:
    """Queue the one render of a released paper (inside the caller's transaction: queued exactly when the
    release is committed). A freeze already queued or running is returned instead."""
    job = job_enqueue(
        kind=PAPER_FREEZE,
        district=paper.district,
        user=user,
        title=_("PDF of %(reference)s") % {"reference": paper.reference},
        params={"paper": paper.pk},
        content_hash=f"freeze-{paper.pk}",
        url=paper.get_pdf_url(),
    )
    PaperPdf.objects.update_or_create(paper=paper, defaults={"job": job})
    return job


def _run_freeze(context) -> None:
    from .pdf import render_paper_pdf

    paper = CouncilPaper.objects.select_related("district").filter(pk=context.params["paper"]).first()
    if paper is None or not paper.is_released or paper.released_pdf:
        context.complete(url=paper.get_pdf_url() if paper else "")
        return
    context.progress(0, 2, _("Laying out the PDF"))
    # Rendered without a lock: a released paper is frozen, nothing it shows changes any more.
    pdf = render_paper_pdf(paper)
    context.progress(1, 2, _("Saving the PDF"))
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = CouncilPaper.objects.select_for_update().get(pk=paper.pk)
        if not locked.released_pdf:
            locked.released_pdf_sha256 = digest
            locked.released_pdf.save(f"{paper.pk}-{digest[:16]}.pdf", ContentFile(pdf), save=False)
            CouncilPaper.objects.filter(pk=paper.pk).update(
                released_pdf=locked.released_pdf.name, released_pdf_sha256=digest
            )
        context.complete(url=paper.get_pdf_url())


def result_digest(consultation: Consultation) -> str:
    """Names one recorded result: a corrected result gets an extract of its own."""
    from .services import RESULT_FIELDS

    values = "|".join(str(getattr(consultation, name)) for name in RESULT_FIELDS)
    return hashlib.sha256(values.encode()).hexdigest()[:16]


def extract_schedule(*, consultation: Consultation, user=None) -> Job:
    """Queue the decision extract of the consultation's result as saved."""
    paper = consultation.paper
    return job_enqueue(
        kind=DECISION_EXTRACT,
        district=paper.district,
        user=user,
        title=_("Decision extract of %(reference)s") % {"reference": paper.reference},
        params={"consultation": consultation.pk, "paper": paper.pk, "result": result_digest(consultation)},
        content_hash=f"extract-{consultation.pk}-{result_digest(consultation)}",
        url=_extract_url(consultation),
    )


def _extract_url(consultation: Consultation) -> str:
    paper = consultation.paper
    return reverse(
        "papers:extract_pdf", kwargs={"slug": paper.district.slug, "pk": paper.pk, "consultation_pk": consultation.pk}
    )


def _run_extract(context) -> None:
    from .pdf import render_extract_pdf
    from .services import consultation_for_result

    consultation = consultation_for_result(context.params["consultation"], lock=False)
    if not consultation.outcome or result_digest(consultation) != context.params["result"]:
        context.complete()  # the result was corrected: the newer result's job writes its extract
        return
    context.progress(0, 2, _("Laying out the PDF"))
    pdf = render_extract_pdf(consultation)
    digest = hashlib.sha256(pdf).hexdigest()[:16]
    name = f"{consultation.district_id}/{consultation.paper_id}-{consultation.pk}-{digest}.pdf"
    with transaction.atomic():
        locked = consultation_for_result(consultation.pk)
        if result_digest(locked) == context.params["result"]:
            locked.extract_pdf.save(name, ContentFile(pdf), save=False)
            Consultation.objects.filter(pk=locked.pk).update(extract_pdf=locked.extract_pdf.name)
        context.complete(url=_extract_url(consultation))


def _paper_job_visible(*, job: Job, user) -> bool:
    from .selectors import paper_get

    return paper_get(user=user, district_slug=job.district.slug, pk=job.params.get("paper")) is not None


def _extract_job_visible(*, job: Job, user) -> bool:
    from .selectors import extract_get

    found = extract_get(
        user=user,
        district_slug=job.district.slug,
        pk=job.params.get("paper"),
        consultation_pk=job.params.get("consultation"),
    )
    return found is not None


# Saves in these apps may change what a draft's PDF shows; these models never do.
WATCHED_APPS = {"actionplan", "papers"}
UNWATCHED_MODELS = {"statuschange", "referencecounter", "referencescheme", "paperpdf", "progressreport"}


class _PendingDrafts:
    """The papers and districts a transaction changed: their drafts are queued once, when it commits."""

    def __init__(self):
        self.paper_ids, self.district_ids = set(), set()
        self.done = False

    def __call__(self):
        self.done = True
        user = _requesting_user()
        # A change of the paper itself queues its render; a change of the plan, committees or meetings queues
        # the renders of the district's drafts whose PDF exists (the others are rendered when first asked for).
        in_district = Q(district_id__in=self.district_ids, pdf_state__isnull=False)
        ids = CouncilPaper.objects.filter(Q(pk__in=self.paper_ids) | in_district)
        ids = ids.exclude(status__in=CouncilPaper.RELEASED_STATUSES).values_list("pk", flat=True)
        draft_render_schedule(paper_ids=list(ids), user=user)


def _pending() -> _PendingDrafts:
    connection = transaction.get_connection()
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingDrafts) and not callback.done:
            return callback
    pending = _PendingDrafts()
    # Robust: a failure to queue is logged and never turns a committed save into an error page.
    transaction.on_commit(pending, robust=True)
    return pending


def _changed(sender, instance, raw=False, **kwargs) -> None:
    meta = sender._meta
    if raw or meta.app_label not in WATCHED_APPS or meta.model_name in UNWATCHED_MODELS:
        return
    if meta.model_name.startswith("historical"):
        return
    if not transaction.get_connection().in_atomic_block:
        pending = _PendingDrafts()
    else:
        pending = _pending()
    if isinstance(instance, CouncilPaper):
        pending.paper_ids.add(instance.pk)
    elif getattr(instance, "paper_id", None):
        pending.paper_ids.add(instance.paper_id)
    elif getattr(instance, "district_id", None):
        pending.district_ids.add(instance.district_id)
    if not transaction.get_connection().in_atomic_block:
        pending()


def connect() -> None:
    """Register the kinds and the signals (PapersConfig.ready)."""
    registry.register(PAPER_PDF, label=gettext_lazy("Paper PDF"), run=_run_draft, visible=_paper_job_visible)
    registry.register(
        PAPER_FREEZE, label=gettext_lazy("Released paper PDF"), run=_run_freeze, visible=_paper_job_visible
    )
    registry.register(
        DECISION_EXTRACT, label=gettext_lazy("Decision extract"), run=_run_extract, visible=_extract_job_visible
    )
    for signal in (post_save, post_delete):
        signal.connect(_changed, dispatch_uid=f"papers.jobs.{signal is post_save}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="papers.jobs.m2m")


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(type(instance), instance)
