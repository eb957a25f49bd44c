"""Reading papers and meetings: what a user may see, fetched with a fixed number of queries."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from actionplan.models import ActionPlan
from actionplan.selectors import fields_in_tree_order, plan_tree

from .models import AgendaItem, Committee, Consultation, CouncilPaper, Meeting


def reads_everything(*, user, district) -> bool:
    """The district's own paper readers (KIT, steering group, committee members) see non-public parts too."""
    return bool(user.is_authenticated and user.has_perm("papers.view_councilpaper") and user.district_id == district.pk)


def paper_is_visible(*, user, paper) -> bool:
    """The rule of `CouncilPaperQuerySet.visible_to` for a paper already loaded."""
    return (paper.is_public and paper.is_released) or reads_everything(user=user, district=paper.district)


def _consultations():
    return Consultation.objects.select_related("committee", "agenda_item__meeting")


def _with_details(queryset):
    return queryset.select_related("district", "original", "annex_plan").prefetch_related(
        Prefetch("consultations", queryset=_consultations()),
        "attachments",
    )


def paper_list(*, user, district, filters=None):
    """The papers of `district` the user may see, newest first, searched and filtered.

    Filters: `q` (reference or subject text), status, committee, meeting, year.
    Three queries whatever the number of papers: papers, their consultations (with committees), attachments.
    """
    filters = filters or {}
    queryset = CouncilPaper.objects.visible_to(user).filter(district=district)
    if filters.get("q"):
        queryset = queryset.filter(Q(reference__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("committee"):
        queryset = queryset.filter(pk__in=Consultation.objects.filter(committee=filters["committee"]).values("paper"))
    if filters.get("meeting"):
        queryset = queryset.filter(
            pk__in=Consultation.objects.filter(agenda_item__meeting=filters["meeting"]).values("paper")
        )
    if filters.get("year"):
        queryset = queryset.filter(date__year=filters["year"])
    return _with_details(queryset)


def committee_choices(*, user, district):
    """The committees that consult papers the user may see: the filter offers nothing that leads nowhere."""
    visible = CouncilPaper.objects.visible_to(user).filter(district=district)
    return Committee.objects.filter(district=district, consultations__paper__in=visible).distinct()


def meeting_choices(*, user, district):
    """The meetings the user may see whose agenda (as far as the user sees it) has a paper the user may see."""
    visible = CouncilPaper.objects.visible_to(user).filter(district=district)
    items = AgendaItem.objects.filter(consultations__paper__in=visible)
    if not reads_everything(user=user, district=district):
        items = items.filter(is_public=True)
    meetings = Meeting.objects.visible_to(user).filter(district=district, agenda_items__in=items)
    return meetings.select_related("committee").distinct().order_by("-start")


def status_choices(*, user, district):
    """(value, label) of the statuses the filter offers: visitors see released papers only."""
    if reads_everything(user=user, district=district):
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


def extract_get(*, user, district_slug, pk, consultation_pk):
    """A consultation's decision extract if the user may see the paper and, for visitors, the result."""
    paper = paper_get(user=user, district_slug=district_slug, pk=pk)
    consultation = get_object_or_404(_consultations().filter(paper=paper), pk=consultation_pk)
    consultation.paper = paper
    if not consultation.outcome:
        raise Http404
    if not (consultation.is_published or reads_everything(user=user, district=paper.district)):
        raise Http404
    return consultation


def meeting_list(*, user, district):
    """The district's meetings the user may see, newest first, with committee and location (one query)."""
    return (
        Meeting.objects.visible_to(user)
        .filter(district=district)
        .select_related("committee", "location", "district")
        .order_by("-start", "pk")
    )


def meeting_detail(*, user, district_slug, pk):
    """The meeting with its agenda as the user may see it: visitors never see non-public items.

    Four queries: meeting, agenda items, their consultations (with papers), the visible papers' ids.
    """
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("committee", "location", "district"),
        district__slug=district_slug,
        pk=pk,
    )
    reads = reads_everything(user=user, district=meeting.district)
    items = AgendaItem.objects.filter(meeting=meeting)
    if not reads:
        items = items.filter(is_public=True)
    consultations = Consultation.objects.select_related("paper__district")
    items = list(items.prefetch_related(Prefetch("consultations", queryset=consultations)))
    paper_ids = {consultation.paper_id for item in items for consultation in item.consultations.all()}
    visible = set(CouncilPaper.objects.visible_to(user).filter(pk__in=paper_ids).values_list("pk", flat=True))
    for item in items:
        # Only papers the user may open are linked; the item's title is shown in any case.
        item.visible_consultations = [c for c in item.consultations.all() if c.paper_id in visible]
        for consultation in item.visible_consultations:
            consultation.show_result = reads or consultation.is_public
    return meeting, items


def plan_adopting_consultation(*, plan) -> Consultation | None:
    """The latest authoritative consultation that adopted the plan as a released paper's annex, or None.

    One query; the plan page reads “beschlossen vom Kreistag am 29.09.2025, VO/2025/246” from it.
    """
    return (
        Consultation.objects.filter(
            paper__annex_plan=plan,
            paper__district_id=plan.district_id,
            paper__status__in=CouncilPaper.RELEASED_STATUSES,
            role=Consultation.Role.DECISION,
            outcome__in=Consultation.ADOPTING_OUTCOMES,
        )
        .select_related("paper__district", "committee", "agenda_item__meeting")
        .order_by("-date", "-pk")
        .first()
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
