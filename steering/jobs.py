"""The filtered measure list as a background job, when it holds more than EXPORT_JOB_THRESHOLD measures."""

from types import SimpleNamespace

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import export_jobs
from integration_portal.jobs.services import JobContext, JobError

from . import exports, selectors
from .filters import MeasureFilter

EXPORT_KIND = "steering.export"
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


def register() -> None:
    export_jobs.register(EXPORT_KIND, label=gettext_lazy("Export of the measure list"), run=run_export, visible=may_see)
