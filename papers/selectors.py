"""Reading papers and meetings: what a user may see, fetched with a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from actionplan.models import ActionPlan, FieldOfAction
from actionplan.selectors import fields_in_tree_order, plan_tree
from actionplan.synopsis.layout import Synopsis
from actionplan.synopsis.selectors import versions_synopsis
from integration_portal.models import District, User

from .models import AgendaItem, Committee, Consultation, CouncilPaper, Meeting, reads_district_papers


def reads_everything(*, user: User, district: District) -> bool:
    """The district's own paper readers (KIT, steering group, committee members) see non-public parts too."""
    return bool(reads_district_papers(user) and user.district_id == district.pk)


def paper_is_visible(*, user: User, paper: CouncilPaper) -> bool:
    """The rule of `CouncilPaperQuerySet.visible_to` for a paper already loaded."""
    return (paper.is_public and paper.is_released) or reads_everything(user=user, district=paper.district)


def _consultations() -> QuerySet:
    return Consultation.objects.select_related("committee", "agenda_item__meeting")


class AnnexPlanMissing(LookupError):
    """The paper's annex names a plan that is not its district's (the model's clean refuses that)."""


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("district", "original", "annex_plan").prefetch_related(
        Prefetch("consultations", queryset=_consultations()),
        "attachments",
    )


def paper_list(*, user: User, district: District, filters: dict | None = None) -> QuerySet:
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


def committee_choices(*, user: User, district: District) -> QuerySet:
    """The committees that consult papers the user may see: the filter offers nothing that leads nowhere."""
    visible = CouncilPaper.objects.visible_to(user).filter(district=district)
    return Committee.objects.filter(district=district, consultations__paper__in=visible).distinct()


def meeting_choices(*, user: User, district: District) -> QuerySet:
    """The meetings the user may see whose agenda (as far as the user sees it) has a paper the user may see."""
    visible = CouncilPaper.objects.visible_to(user).filter(district=district)
    items = AgendaItem.objects.filter(consultations__paper__in=visible)
    if not reads_everything(user=user, district=district):
        items = items.filter(is_public=True)
    meetings = Meeting.objects.visible_to(user).filter(district=district, agenda_items__in=items)
    return meetings.select_related("committee").distinct().order_by("-start")


def status_choices(*, user: User, district: District) -> list[tuple[str, str]]:
    """(value, label) of the statuses the filter offers: visitors see released papers only."""
    if reads_everything(user=user, district=district):
        return CouncilPaper.Status.choices
    return [(status.value, status.label) for status in CouncilPaper.RELEASED_STATUSES]


def paper_years(*, user: User, district: District) -> list[int]:
    return [date.year for date in CouncilPaper.objects.visible_to(user).filter(district=district).dates("date", "year")]


def paper_detail(*, user: User, district_slug: str, pk: int) -> CouncilPaper | None:
    """The paper if the user may see it, else None (also for another district's non-public papers)."""
    queryset = _with_details(CouncilPaper.objects.visible_to(user)).select_related("pdf_state__job")
    return queryset.filter(district__slug=district_slug, pk=pk).first()


def paper_get(*, user: User, district_slug: str, pk: int) -> CouncilPaper | None:
    """The paper alone, for downloads: the same access rule as `paper_detail`, without the details."""
    # With the state of its PDF: a download is a lookup (papers.jobs.draft_for_download).
    queryset = CouncilPaper.objects.visible_to(user).select_related("district", "pdf_state__job")
    return queryset.filter(district__slug=district_slug, pk=pk).first()


def extract_get(*, user: User, district_slug: str, pk: int, consultation_pk: int) -> Consultation | None:
    """A consultation's decision extract if the user may see the paper and, for visitors, the result."""
    paper = paper_get(user=user, district_slug=district_slug, pk=pk)
    if paper is None:
        return None
    consultation = _consultations().filter(paper=paper, pk=consultation_pk).first()
    if consultation is None or not consultation.outcome:
        return None
    if not (consultation.is_published or reads_everything(user=user, district=paper.district)):
        return None
    consultation.paper = paper
    return consultation


def meeting_list(*, user: User, district: District) -> QuerySet:
    """The district's meetings the user may see, newest first, with committee and location (one query)."""
    return (
        Meeting.objects.visible_to(user)
        .filter(district=district)
        .select_related("committee", "location", "district")
        .order_by("-start", "pk")
    )


def meeting_get(*, user: User, district_slug: str, pk: int) -> Meeting | None:
    """The meeting alone, for its files: the same access rule as `meeting_detail`."""
    return Meeting.objects.visible_to(user).filter(district__slug=district_slug, pk=pk).first()


def meeting_detail(*, user: User, district_slug: str, pk: int) -> tuple[Meeting, list[AgendaItem]] | None:
    """The meeting with its agenda as the user may see it: visitors never see non-public items.

    Four queries: meeting, agenda items, their consultations (with papers), the visible papers' ids.
    """
    meeting = (
        Meeting.objects.visible_to(user)
        .select_related("committee", "location", "district")
        .filter(district__slug=district_slug, pk=pk)
        .first()
    )
    if meeting is None:
        return None
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


def plan_adopting_consultation(*, plan: ActionPlan) -> Consultation | None:
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


def paper_annex_synopsis(*, paper: CouncilPaper, plan: ActionPlan | None) -> Synopsis | None:
    """The Synopse of the annex plan against the version it revises, if the paper takes it as annex.

    Six queries (the predecessor and both versions' rows), none if the paper's annex is the full plan only.
    """
    if plan is None or not plan.predecessor_id or not paper.annex_has_synopsis:
        return None
    return versions_synopsis(old=ActionPlan.objects.get(pk=plan.predecessor_id), new=plan)
