"""Public and member pages of districts and their action plans."""

from django.views.generic import TemplateView

from papers import selectors as paper_selectors
from participation import selectors as participation_selectors

from . import selectors


class HomeView(TemplateView):
    template_name = "actionplan/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(districts=selectors.district_list(user=self.request.user), **kwargs)


class DistrictDetailView(TemplateView):
    template_name = "actionplan/district_detail.html"

    def get_context_data(self, **kwargs):
        district = selectors.district_get(slug=self.kwargs["slug"])
        plans = selectors.plan_list(user=self.request.user, district=district)
        processes = participation_selectors.process_list(user=self.request.user, district=district)
        return super().get_context_data(district=district, plans=plans, processes=processes, **kwargs)


class PlanDetailView(TemplateView):
    template_name = "actionplan/actionplan_detail.html"

    def get_context_data(self, **kwargs):
        plan = selectors.plan_detail(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        fields = selectors.fields_in_tree_order(plan)
        measure_ids = [
            measure.pk
            for field in fields
            for challenge in field.challenges.all()
            for measure in challenge.measures.all()
        ]
        adoption = paper_selectors.plan_adopting_consultation(plan=plan) if not plan.is_draft else None
        return super().get_context_data(
            plan=plan,
            fields=fields,
            adoption=adoption,
            adoption_paper_visible=adoption is not None
            and paper_selectors.paper_is_visible(user=self.request.user, paper=adoption.paper),
            # Residents see which of their demands each measure answers.
            findings_by_measure=participation_selectors.findings_by_measure(
                user=self.request.user, measure_ids=measure_ids
            ),
            **kwargs,
        )
