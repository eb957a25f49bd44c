"""The steering group's workspace in the browser. Thin: parse input, call a selector or service, render."""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from actionplan.selectors import measure_history, measure_recent_history
from integration_portal import export_jobs
from integration_portal.http import found_or_404
from integration_portal.spreadsheets import XLSX_TYPE
from participation.selectors import findings_by_measure

from . import exports, jobs, report, selectors, services
from .filters import MeasureFilter
from .forms import CommentForm, IndicatorCheckForm, ReportForm, SelectionForm
from .models import measure_page_url
from .report_charts import report_context

PAGE_SIZE = 25
READ_PERMISSION = "actionplan.view_measure"


def may_write(permission):
    """Decorator stack of every writing endpoint: logged in, else login; logged in without the permission: 403."""

    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


class WorkspaceMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = READ_PERMISSION


class OverviewView(WorkspaceMixin, TemplateView):
    template_name = "steering/overview.html"

    def get_context_data(self, **kwargs):
        plan = found_or_404(selectors.current_plan(user=self.request.user))
        rows, totals = selectors.plan_overview(plan=plan)
        return super().get_context_data(plan=plan, rows=rows, totals=totals, **kwargs)


def filtered_measures(request):
    """The current plan and the measure filter bound to the request's query string."""
    plan = found_or_404(selectors.current_plan(user=request.user))
    measure_filter = MeasureFilter(
        request.GET or None,
        queryset=selectors.plan_measures(user=request.user, plan=plan),
        request=request,
        plan=plan,
    )
    return plan, measure_filter


class MeasureListView(WorkspaceMixin, TemplateView):
    template_name = "steering/measure_list.html"

    def get_context_data(self, **kwargs):
        plan, measure_filter = filtered_measures(self.request)
        paginator = Paginator(selectors.with_list_data(measure_filter.qs), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        for measure in page.object_list:
            measure.lead_actors = selectors.lead_actors(measure)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            plan=plan,
            filter=measure_filter,
            filter_form=measure_filter.form_html(),
            page_obj=page,
            measures=page.object_list,
            query=query.urlencode(),
            active_filters=measure_filter.active_filters(),
            **kwargs,
        )


class MeasureDetailView(WorkspaceMixin, TemplateView):
    template_name = "steering/measure_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        measure = found_or_404(selectors.measure_detail(user=user, pk=self.kwargs["pk"]))
        comments = list(measure.steering_comments.all())
        for comment in comments:
            comment.editable = services.comment_is_editable(comment=comment, user=user)
        context = {
            "measure": measure,
            "plan": measure.challenge.field.plan,
            "comments": comments,
            "progress": selectors.progress_percent(measure.achieved_count, measure.indicator_count),
            **_recent_history(measure),
            "findings": findings_by_measure(user=user, measure_ids=[measure.pk]).get(measure.pk, []),
            "may_comment": user.has_perm("steering.add_comment"),
            "may_select": user.has_perm("steering.add_annualselection"),
            "may_unselect": user.has_perm("steering.delete_annualselection"),
            "may_check": user.has_perm("steering.add_indicatorcheck"),
        }
        if context["may_comment"]:
            context["comment_form"] = CommentForm(action=reverse("steering:comment_create", args=[measure.pk]))
        if context["may_select"]:
            context["selection_form"] = SelectionForm(action=reverse("steering:selection_create", args=[measure.pk]))
        context.update(kwargs)
        return super().get_context_data(**context)


# The measure page shows the newest changes; the whole history is a page of its own, read only when asked for.
HISTORY_SHOWN = 20


def _recent_history(measure):
    entries = measure_recent_history(measure=measure, limit=HISTORY_SHOWN + 1)
    more = len(entries) > HISTORY_SHOWN
    return {
        "history_entries": entries[:HISTORY_SHOWN],
        "history_more_url": reverse("steering:measure_history", args=[measure.pk]) if more else None,
    }


class MeasureHistoryView(WorkspaceMixin, TemplateView):
    template_name = "steering/measure_history.html"

    def get_context_data(self, **kwargs):
        measure = found_or_404(selectors.measure_get(user=self.request.user, pk=self.kwargs["pk"]))
        return super().get_context_data(measure=measure, history_entries=measure_history(measure=measure), **kwargs)


def _detail_with_errors(request, pk, **forms):
    """The measure page again, with the form that failed and its messages."""
    view = MeasureDetailView()
    view.setup(request, pk=pk)
    return render(request, view.template_name, view.get_context_data(**forms), status=400)


@require_POST
@may_write("steering.add_comment")
def comment_create(request, pk):
    measure = found_or_404(selectors.measure_get(user=request.user, pk=pk))
    form = CommentForm(request.POST, action=reverse("steering:comment_create", args=[pk]))
    if not form.is_valid():
        return _detail_with_errors(request, pk, comment_form=form)
    comment = services.comment_create(measure=measure, user=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Your comment has been posted."))
    return redirect(comment.get_absolute_url())


@may_write("steering.add_comment")
def comment_update(request, pk):
    comment = found_or_404(selectors.comment_get(user=request.user, pk=pk))
    if not services.comment_is_editable(comment=comment, user=request.user):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        services.comment_update(comment=comment, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment has been changed."))
        return redirect(comment.get_absolute_url())
    deadline = services.comment_edit_deadline(comment=comment)
    context = {"form": form, "comment": comment, "measure": comment.measure, "deadline": deadline}
    return render(request, "steering/comment_form.html", context)


@require_POST
@may_write("steering.add_annualselection")
def selection_create(request, pk):
    measure = found_or_404(selectors.measure_get(user=request.user, pk=pk))
    form = SelectionForm(request.POST, action=reverse("steering:selection_create", args=[pk]))
    if form.is_valid():
        try:
            selection = services.selection_create(measure=measure, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measure is selected for %(year)s.") % {"year": selection.year})
            return redirect(selection.get_absolute_url())
    return _detail_with_errors(request, pk, selection_form=form)


@require_POST
@may_write("steering.delete_annualselection")
def selection_delete(request, pk):
    selection = found_or_404(selectors.selection_get(user=request.user, pk=pk))
    measure_pk, year = selection.measure_id, selection.year
    services.selection_delete(selection=selection, user=request.user)
    messages.success(request, _("The selection for %(year)s has been withdrawn.") % {"year": year})
    return redirect(measure_page_url(measure_pk, "selection"))


@may_write("steering.add_indicatorcheck")
def indicator_check(request, pk):
    indicator = found_or_404(selectors.indicator_get(user=request.user, pk=pk, for_update=request.method == "POST"))
    form = IndicatorCheckForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.indicator_check_record(indicator=indicator, user=request.user, **form.check_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The check has been recorded."))
            return redirect(check.get_absolute_url())
    context = {"form": form, "indicator": indicator, "measure": indicator.measure}
    return render(request, "steering/indicatorcheck_form.html", context)


def measure_export(view):
    """A download of the filtered measure list; an invalid filter leads back to the list, which names the error."""

    @login_required
    @permission_required(READ_PERMISSION, raise_exception=True)
    @functools.wraps(view)
    def export(request):
        plan, measure_filter = filtered_measures(request)
        if measure_filter.is_bound and not measure_filter.form.is_valid():
            return redirect(reverse("steering:measure_list") + "?" + request.GET.urlencode())
        return view(request, plan, measure_filter)

    return export


def _export(request, plan, measure_filter, file_format):
    """The page of the job that writes the file: always for the PDF (no request renders a PDF), for the XLSX
    when the list is longer than EXPORT_JOB_THRESHOLD; a shorter list's XLSX at once."""
    if file_format == "pdf" or export_jobs.runs_as_job(measure_filter.qs.count()):
        return jobs.export_enqueue(request=request, plan=plan, file_format=file_format)
    name, data = exports.measure_list_file(
        plan=plan, measure_filter=measure_filter, file_format=file_format, user=request.user
    )
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@measure_export
def export_xlsx(request, plan, measure_filter):
    return _export(request, plan, measure_filter, "xlsx")


@measure_export
def export_pdf(request, plan, measure_filter):
    return _export(request, plan, measure_filter, "pdf")


def report_form(request):
    """The report form bound to the query string; the year defaults to this year."""
    return ReportForm({"year": timezone.localdate().year, **request.GET.dict()})


def report_request(request):
    """The report form bound to the query string and the report, or None."""
    form = report_form(request)
    if not form.is_valid():
        return form, None
    year, as_of = form.year_and_as_of()
    return form, report.implementation_report(district=request.user.district, year=year, as_of=as_of)


class ImplementationReportView(WorkspaceMixin, TemplateView):
    template_name = "steering/implementation_report.html"

    def get(self, request, *args, **kwargs):
        form, found = report_request(request)
        context = self.get_context_data(form=form, may_create_paper=request.user.has_perm("papers.add_councilpaper"))
        if found is not None:
            context.update(report_context(found))
            context["query"] = urlencode({"year": found.year, "as_of": found.as_of.isoformat()})
        return self.render_to_response(context, status=200 if found is not None else 400)


@login_required
@permission_required(READ_PERMISSION, raise_exception=True)
def report_pdf(request):
    """The report's PDF is written by a job: the page of that job, which offers the file once it is written."""
    form = report_form(request)
    if not form.is_valid():
        return redirect(reverse("steering:report") + "?" + request.GET.urlencode())
    year, as_of = form.year_and_as_of()
    return jobs.report_enqueue(request=request, year=year, as_of=as_of)


@require_POST
@may_write("papers.add_councilpaper")
def report_paper_create(request):
    """“Umsetzungsbericht erstellen”: a Mitteilungsvorlage with the report as annex, then its admin page."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        return redirect(reverse("steering:report") + "?" + urlencode(request.POST.dict()))
    year, as_of = form.year_and_as_of()
    try:
        paper = services.report_paper_create(district=request.user.district, year=year, as_of=as_of, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("steering:report") + "?" + urlencode({"year": year, "as_of": as_of.isoformat()}))
    messages.success(
        request, _("Paper %(reference)s has been created with the report as annex.") % {"reference": paper.reference}
    )
    return redirect(reverse("admin:papers_councilpaper_change", args=[paper.pk]))
