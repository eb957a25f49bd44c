"""Reading papers: what a user may see, fetched with a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from actionplan.models import ActionPlan, FieldOfAction
from actionplan.selectors import fields_in_tree_order, plan_tree
from integration_portal.models import District, User

from .models import Committee, Consultation, CouncilPaper


class AnnexPlanMissing(LookupError):
    """The paper's annex names a plan that is not its district's (the model's clean refuses that)."""


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("district", "original").prefetch_related(
        Prefetch("consultations", queryset=Consultation.objects.select_related("committee")),
        "attachments",
    )


def paper_list(*, user: User, district: District, filters: dict | None = None) -> QuerySet:
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


def committee_choices(*, user: User, district: District) -> QuerySet:
    """The committees that consult papers the user may see: the filter offers nothing that leads nowhere."""
    visible = CouncilPaper.objects.visible_to(user).filter(district=district)
    return Committee.objects.filter(district=district, consultations__paper__in=visible).distinct()


def status_choices(*, user: User, district: District) -> list[tuple[str, str]]:
    """The statuses the filter offers: those of papers the user may see (`visible_to`), no more."""
    if user.is_authenticated and user.has_perm("papers.view_councilpaper") and user.district_id == district.pk:
        return CouncilPaper.Status.choices
    return [(status.value, status.label) for status in CouncilPaper.RELEASED_STATUSES]


def paper_years(*, user: User, district: District) -> list[int]:
    return [date.year for date in CouncilPaper.objects.visible_to(user).filter(district=district).dates("date", "year")]


def paper_detail(*, user: User, district_slug: str, pk: int) -> CouncilPaper | None:
    """The paper if the user may see it, else None (also for another district's non-public papers)."""
    return _with_details(CouncilPaper.objects.visible_to(user)).filter(district__slug=district_slug, pk=pk).first()


def paper_get(*, user: User, district_slug: str, pk: int) -> CouncilPaper | None:
    """The paper alone, for downloads: the same access rule as `paper_detail`, without the details."""
    queryset = CouncilPaper.objects.visible_to(user).select_related("district")
    return queryset.filter(district__slug=district_slug, pk=pk).first()


def paper_for_pdf(*, pk: int) -> CouncilPaper:
    """The paper with everything its PDF prints. Callers have checked access already."""
    return _with_details(CouncilPaper.objects.all()).get(pk=pk)


def paper_annex(*, paper: CouncilPaper) -> tuple[ActionPlan | None, list[FieldOfAction]]:
    """(plan, fields in tree order) of the paper's annex, loaded by `plan_tree`, or (None, []).

    Raises AnnexPlanMissing if the plan is not the paper's own district's.
    """
    if not paper.annex_plan_id:
        return None, []
    plan = plan_tree(ActionPlan.objects.filter(district_id=paper.district_id)).filter(pk=paper.annex_plan_id).first()
    if plan is None:
        raise AnnexPlanMissing(paper.annex_plan_id)
    return plan, fields_in_tree_order(plan)
