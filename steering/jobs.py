"""The workspace's files as background jobs: the measure list's PDF (its XLSX too when the list holds more
than EXPORT_JOB_THRESHOLD measures) and the implementation report's PDF. No request renders a PDF."""

import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import export_jobs
from integration_portal.jobs.services import JobContext, JobError

from . import exports, report, selectors
from .filters import MeasureFilter

EXPORT_KIND = "steering.export"
REPORT_KIND = "steering.report_pdf"
READ_PERMISSION = "actionplan.view_measure"


def measure_filter_for(*, user, plan, query: str) -> MeasureFilter:
    """The list's filter as the user had it in the address; the filter reads only `request.user`."""
    return MeasureFilter(
        QueryDict(query) or None,
        queryset=selectors.plan_measures(user=user, plan=plan),
        request=SimpleNamespace(user=user),
        plan=plan,
    )


def export_enqueue(*, request, plan, file_format: str):
    params = {"plan": plan.pk, "query": request.GET.urlencode(), "format": file_format}
    return export_jobs.start(request=request, kind=EXPORT_KIND, district=plan.district, params=params)


def run_export(context: JobContext) -> None:
    user, params = context.job.requested_by, context.params
    plan = selectors.current_plan(user=user) if user is not None else None
    if plan is None or plan.pk != params["plan"] or not user.has_perm(READ_PERMISSION):
        raise JobError(_("The measure list can no longer be exported: the plan or your access to it has changed."))
    measure_filter = measure_filter_for(user=user, plan=plan, query=params["query"])
    if measure_filter.is_bound and not measure_filter.form.is_valid():
        raise JobError(_("The filter of the list is no longer valid. Please filter the list again."))
    context.progress(0, 1, _("Writing the file"))
    name, data = exports.measure_list_file(
        plan=plan, measure_filter=measure_filter, file_format=params["format"], user=user
    )
    context.complete(content=data, name=name)


def may_see(*, job, user) -> bool:
    """Besides the requester: the district's users who may read the workspace."""
    return user.is_authenticated and user.district_id == job.district_id and user.has_perm(READ_PERMISSION)


def report_enqueue(*, request, year: int, as_of: datetime.date):
    """Queue the report's PDF of `year` as of `as_of` and answer with the way to its job page.

    The job keeps both, so the PDF is the report as of that Stichtag whenever the job runs, and asking again
    (after the file was deleted or the job failed) asks for the same report.
    """
    params = {"year": year, "as_of": as_of.isoformat()}
    title = _("Implementation report %(year)s as of %(as_of)s (PDF)") % {
        "year": year,
        "as_of": date_format(as_of, "SHORT_DATE_FORMAT"),
    }
    again = reverse("steering:report_pdf") + "?" + urlencode(params)
    return export_jobs.start(
        request=request, kind=REPORT_KIND, district=request.user.district, params=params, title=title, again=again
    )


def run_report(context: JobContext) -> None:
    user, params, job = context.job.requested_by, context.params, context.job
    if user is None or user.district_id != job.district_id or not user.has_perm(READ_PERMISSION):
        raise JobError(
            _(
                "The report can no longer be made for you: your access to the workspace has changed. Please "
                "contact your district's KIT."
            )
        )
    context.progress(0, 2, _("Collecting the report's figures"))
    found = report.implementation_report(
        district=job.district, year=params["year"], as_of=datetime.date.fromisoformat(params["as_of"])
    )
    context.progress(1, 2, _("Laying out the PDF"))
    name, pdf = exports.report_download(found, user=user)
    context.complete(content=pdf, name=name)


def register() -> None:
    export_jobs.register(EXPORT_KIND, label=gettext_lazy("Export of the measure list"), run=run_export, visible=may_see)
    export_jobs.register(
        REPORT_KIND, label=gettext_lazy("Implementation report as PDF"), run=run_report, visible=may_see
    )
