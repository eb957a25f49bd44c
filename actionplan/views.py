"""Public and member pages of districts and their action plans."""

from django.views.generic import TemplateView

from integration_portal.http import found_or_404

from . import selectors


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

    def get_context_data(self, **kwargs):
        plan = found_or_404(
            selectors.plan_detail(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        )
        # Participation's findings per measure come with its template tag `plan_findings`.
        versions = selectors.plan_versions(user=self.request.user, plan=plan)
        return super().get_context_data(
            plan=plan, fields=selectors.fields_in_tree_order(plan), versions=versions, **kwargs
        )
