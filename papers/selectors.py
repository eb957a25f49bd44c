"""Reading papers: what a user may see, fetched with a fixed number of queries."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from actionplan.models import ActionPlan
from actionplan.selectors import fields_in_tree_order, plan_tree

from .models import Committee, Consultation, CouncilPaper


def _with_details(queryset):
    return queryset.select_related("district", "original").prefetch_related(
        Prefetch("consultations", queryset=Consultation.objects.select_related("committee")),
        "attachments",
    )


def paper_list(*, user, district, filters=None):
    """The papers of `district` the user may see, newest first, filtered by status, committee and year.

    Three queries whatever the number of papers: papers, their consultations (with committees), attachments.
    """
    filters = filters or {}
    queryset = CouncilPaper.objects.visible_to(user).filter(district=district)
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("committee"):
        queryset = queryset.filter(consultations__committee=filters["committee"]).distinct()
    if filters.get("year"):
        queryset = queryset.filter(date__year=filters["year"])
    return _with_details(queryset)


def committee_choices(*, user, district):
    """The committees that consult papers the user may see: the filter offers nothing that leads nowhere."""
    visible = CouncilPaper.objects.visible_to(user).filter(district=district)
    return Committee.objects.filter(district=district, consultations__paper__in=visible).distinct()


def status_choices(*, user, district) -> list[tuple[str, str]]:
    """The statuses the filter offers: those of papers the user may see (`visible_to`), no more."""
    if user.is_authenticated and user.has_perm("papers.view_councilpaper") and user.district_id == district.pk:
        return CouncilPaper.Status.choices
    return [(status.value, status.label) for status in CouncilPaper.RELEASED_STATUSES]


def paper_years(*, user, district):
    return [date.year for date in CouncilPaper.objects.visible_to(user).filter(district=district).dates("date", "year")]


def paper_detail(*, user, district_slug, pk):
    """The paper if the user may see it, else 404 (also for another district's non-public papers)."""
    return get_object_or_404(_with_details(CouncilPaper.objects.visible_to(user)), district__slug=district_slug, pk=pk)


def paper_get(*, user, district_slug, pk):
    """The paper alone, for downloads: the same access rule as `paper_detail`, without the details."""
    return get_object_or_404(
        CouncilPaper.objects.visible_to(user).select_related("district"), district__slug=district_slug, pk=pk
    )


def paper_for_pdf(*, pk):
    """The paper with everything its PDF prints. Callers have checked access already."""
    return _with_details(CouncilPaper.objects.all()).get(pk=pk)


def paper_annex(*, paper):
    """(plan, fields in tree order) of the paper's annex, loaded by `plan_tree`, or (None, [])."""
    if not paper.annex_plan_id:
        return None, []
    # The paper's own district's plan (the annex is chosen in the district-scoped admin).
    plan = get_object_or_404(
        plan_tree(ActionPlan.objects.filter(district_id=paper.district_id)), pk=paper.annex_plan_id
    )
    return plan, fields_in_tree_order(plan)
