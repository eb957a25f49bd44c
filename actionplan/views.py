"""Public and member pages of districts and their action plans."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from integration_portal import kept_pages
from integration_portal.http import found_or_404

from . import public_pages, selectors
from .forms import SynopsisFilterForm
from .synopsis.jobs import synopsis_pdf_job
from .synopsis.selectors import plan_comparison


class HomeView(TemplateView):
    template_name = "actionplan/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(districts=selectors.district_list(user=self.request.user), **kwargs)


class DistrictDetailView(TemplateView):
    template_name = "actionplan/district_detail.html"

    def get_context_data(self, **kwargs):
        district = found_or_404(selectors.district_get(slug=self.kwargs["slug"]))
        plans = selectors.plan_list(user=self.request.user, district=district)
        return super().get_context_data(district=district, plans=plans, **kwargs)


class PlanDetailView(TemplateView):
    template_name = "actionplan/actionplan_detail.html"

    def get(self, request, *args, **kwargs):
        # Kept only under the plan's own address: the page's login link names the address it was asked for.
        if not kept_pages.is_kept_for(request) or request.path != reverse("actionplan:plan_detail", kwargs=kwargs):
            return super().get(request, *args, **kwargs)
        key = public_pages.page_key(self.kwargs["slug"], self.kwargs["pk"])
        content = public_pages.kept_page(key) if key else None
        if content is not None:
            return HttpResponse(content)
        response = super().get(request, *args, **kwargs).render()
        if key:
            public_pages.keep_page(key, response.content)
        else:
            public_pages.start_keeping(self.kwargs["pk"])
        return response

    def get_context_data(self, **kwargs):
        plan = found_or_404(
            selectors.plan_detail(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        )
        # The fields' tables come from the cache (template tag `plan_tables`), with participation's findings.
        versions = selectors.plan_versions(user=self.request.user, plan=plan)
        return super().get_context_data(
            plan=plan, fields=selectors.fields_in_tree_order(plan), versions=versions, **kwargs
        )


def _version_number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


class SynopsisView(TemplateView):
    """The Synopse of two versions of a plan, by default the adopted one and the current draft."""

    template_name = "actionplan/synopsis/synopsis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comparison = found_or_404(self.comparison())
        synopsis = comparison.synopsis
        if synopsis is None:
            return {**context, "comparison": comparison, "plan": comparison.plan}
        form = SynopsisFilterForm(self.request.GET, versions=comparison.versions, fields=synopsis.field_choices)
        sections = synopsis.filtered(changed_only=bool(form.value("changed")), field_key=form.value("field") or "")
        return {**context, "comparison": comparison, "plan": comparison.plan, "form": form, "sections": sections}

    def comparison(self):
        try:
            return plan_comparison(
                user=self.request.user,
                district_slug=self.kwargs["slug"],
                pk=self.kwargs["pk"],
                old=_version_number(self.request.GET.get("old")),
                new=_version_number(self.request.GET.get("new")),
            )
        except LookupError:
            raise Http404 from None


def synopsis_pdf(request, slug, pk):
    """The Synopse's PDF, written by a background job: its file if one of the same content is done, else the
    job page, which offers the file once the job wrote it."""
    view = SynopsisView(request=request, kwargs={"slug": slug, "pk": pk})
    comparison = found_or_404(view.comparison())
    if comparison.synopsis is None:
        raise Http404
    job = synopsis_pdf_job(comparison=comparison, user=request.user)
    if job.state == job.State.DONE:
        return redirect("job_result", pk=job.pk)
    return redirect(job)
