"""The Synopse's PDF as a background job: the download queues it (or finds the file of the same content)
and the job page offers the file once it is written."""

import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal.jobs import registry
from integration_portal.jobs.models import Job
from integration_portal.jobs.services import job_enqueue

from ..models import ActionPlan
from .pdf import STYLESHEETS, synopsis_filename, synopsis_html, synopsis_pdf
from .selectors import Comparison, versions_synopsis

SYNOPSIS_PDF = "synopsis_pdf"


def _run(context) -> None:
    plans = ActionPlan.objects.select_related("district").in_bulk(
        [context.params["plan"], context.params["old"], context.params["new"]]
    )
    plan, old, new = (plans[context.params[name]] for name in ("plan", "old", "new"))
    context.progress(0, 1, _("The synopsis is being laid out"))
    pdf = synopsis_pdf(plan=plan, new=new, synopsis=versions_synopsis(old=old, new=new))
    context.complete(content=pdf, name=synopsis_filename(plan=plan, old=old, new=new))


def _visible(*, job: Job, user) -> bool:
    """Whoever may read both versions may read their Synopse."""
    ids = {job.params["old"], job.params["new"]}
    return ActionPlan.objects.visible_to(user).filter(pk__in=ids).count() == len(ids)


def synopsis_pdf_job(*, comparison: Comparison, user) -> Job:
    """The job that writes this Synopse's PDF: a finished one of the same content, else a new (or running) one."""
    html = synopsis_html(plan=comparison.plan, new=comparison.new, synopsis=comparison.synopsis)
    content_hash = hashlib.sha256((html + "|".join(STYLESHEETS)).encode()).hexdigest()[:32]
    done = (
        Job.objects.filter(kind=SYNOPSIS_PDF, content_hash=content_hash, state=Job.State.DONE)
        .exclude(result_file="")
        .order_by("-finished")
        .first()
    )
    if done is not None:
        return done
    return job_enqueue(
        kind=SYNOPSIS_PDF,
        district=comparison.plan.district,
        title=_("Synopsis: %(title)s") % {"title": comparison.plan.title},
        user=user,
        params={"plan": comparison.plan.pk, "old": comparison.old.pk, "new": comparison.new.pk},
        content_hash=content_hash,
    )


def connect() -> None:
    """Register the kind (ActionplanConfig.ready)."""
    registry.register(SYNOPSIS_PDF, label=gettext_lazy("Synopsis PDF"), run=_run, visible=_visible)
