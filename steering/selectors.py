"""Reading the steering group's workspace: the current plan, its overview, measure lists and pages.

Every function here costs a fixed number of queries, whatever the size of the plan.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, IntegerField, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from actionplan.models import ActionPlan, FieldOfAction, Indicator, Measure, ProgressReport, Responsibility
from integration_portal.concurrency import locked
from integration_portal.models import User

from .models import AnnualSelection, Comment, IndicatorCheck

SEARCH_CONFIG = "german"


def current_plan(*, user: User) -> ActionPlan | None:
    """The district's current plan: the newest one (drafts included, the steering group reviews them).

    Of a plan's versions, the adopted one: monitoring goes on against it while its revision is drafted.
    """
    return (
        ActionPlan.objects.for_user(user)
        .exclude(status=ActionPlan.Status.SUPERSEDED)
        .exclude(predecessor__isnull=False, status__in=[ActionPlan.Status.DRAFT, ActionPlan.Status.CONSULTATION])
        .select_related("district")
        .first()
    )


def plan_measures(*, user: User, plan: ActionPlan) -> QuerySet[Measure]:
    """All measures of the plan the user may read, in plan order."""
    return Measure.objects.for_user(user).in_plan(plan).in_plan_order()


def _count_per_measure(queryset: QuerySet) -> Coalesce:
    """A subquery counting rows of `queryset` per measure, 0 where there are none."""
    counted = queryset.filter(measure=OuterRef("pk")).order_by().values("measure").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def with_list_data(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    """Measures with what a list row shows: field, target group, lead actors, progress, open comments, years."""
    return (
        queryset.select_related("challenge__field__parent", "target_group")
        .annotate(
            indicator_count=_count_per_measure(Indicator.objects.all()),
            achieved_count=_count_per_measure(Indicator.objects.filter(status=Indicator.Status.ACHIEVED)),
            open_comment_count=_count_per_measure(Comment.objects.filter(answered_at__isnull=True)),
        )
        .prefetch_related(
            # Only the columns a row shows: a page, an XLSX or a PDF may hold many of them.
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("actor").only(
                    "measure_id", "actor_id", "role", "order", "actor__name", "actor__short_name"
                ),
            ),
            Prefetch("annual_selections", queryset=AnnualSelection.objects.only("measure_id", "year").order_by("year")),
        )
    )


def lead_actors(measure: Measure) -> str:
    """The lead actors of a measure with prefetched responsibilities, comma-separated."""
    return ", ".join(r.actor.label for r in measure.responsibilities.all() if r.role == Responsibility.Role.LEAD)


def progress_percent(achieved: int, total: int) -> int | None:
    """The share of a measure's (or field's) indicators that are achieved, in whole percent; None without any."""
    if not total:
        return None
    return round(100 * achieved / total)


def search_postgres(queryset: QuerySet[Measure], text: str) -> QuerySet[Measure]:
    """Full-text search with German stemming over challenge, measure and indicator texts."""
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    indicator_hits = Indicator.objects.annotate(
        search=SearchVector("group_heading", "text", config=SEARCH_CONFIG)
    ).filter(measure=OuterRef("pk"), search=query)
    return queryset.annotate(
        search=SearchVector("text", "sub_points", "challenge__text", "challenge__sub_points", config=SEARCH_CONFIG)
    ).filter(Q(search=query) | Q(Exists(indicator_hits)))


def search_fallback(queryset: QuerySet[Measure], text: str) -> QuerySet[Measure]:
    """Every word somewhere in the same texts, case-insensitive: for databases without full-text search."""
    for word in text.split():
        indicator_hits = Indicator.objects.filter(
            Q(text__icontains=word) | Q(group_heading__icontains=word), measure=OuterRef("pk")
        )
        queryset = queryset.filter(
            Q(text__icontains=word)
            | Q(sub_points__icontains=word)
            | Q(challenge__text__icontains=word)
            | Q(challenge__sub_points__icontains=word)
            | Q(Exists(indicator_hits))
        )
    return queryset


def measure_search(queryset: QuerySet[Measure], text: str) -> QuerySet[Measure]:
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return search_postgres(queryset, text)
    return search_fallback(queryset, text)


def plan_overview(*, plan: ActionPlan) -> tuple[list, dict]:
    """Per top-level field of action (sub-fields counted in): measures by status and indicator progress.

    Three queries: fields, measure counts, indicator counts. Returns (rows, totals).
    """
    fields = list(FieldOfAction.objects.filter(plan=plan).order_by("order", "pk"))
    in_plan = {field.pk for field in fields}
    top_of = {field.pk: field.parent_id if field.parent_id in in_plan else field.pk for field in fields}
    statuses = list(Measure.Status)
    rows = {
        field.pk: {"field": field, "counts": dict.fromkeys(statuses, 0), "indicators": 0, "achieved": 0}
        for field in fields
        if top_of[field.pk] == field.pk
    }
    measure_counts = (
        Measure.objects.filter(challenge__field__plan=plan)
        .order_by()
        .values_list("challenge__field", "status")
        .annotate(n=Count("pk"))
    )
    for field_id, status, count in measure_counts:
        rows[top_of[field_id]]["counts"][Measure.Status(status)] += count
    indicator_counts = (
        Indicator.objects.filter(measure__challenge__field__plan=plan)
        .order_by()
        .values_list("measure__challenge__field")
        .annotate(total=Count("pk"), achieved=Count("pk", filter=Q(status=Indicator.Status.ACHIEVED)))
    )
    for field_id, total, achieved in indicator_counts:
        rows[top_of[field_id]]["indicators"] += total
        rows[top_of[field_id]]["achieved"] += achieved
    rows = list(rows.values())
    for row in rows:
        row["total"] = sum(row["counts"].values())
    widest = max([row["total"] for row in rows] + [1])
    for row in rows:
        row["progress"] = progress_percent(row["achieved"], row["indicators"])
        # Bar lengths in whole percent: of the widest field for the row, of the row for each segment.
        row["bar_width"] = round(100 * row["total"] / widest)
        row["segments"] = [
            {"status": status, "count": count, "width": round(100 * count / row["total"])}
            for status, count in row["counts"].items()
            if count
        ]
        row["cells"] = [(status, row["counts"][status]) for status in statuses]
    totals = {
        "status_labels": [status.label for status in statuses],
        "cells": [(status, sum(row["counts"][status] for row in rows)) for status in statuses],
        "total": sum(row["total"] for row in rows),
        "progress": progress_percent(sum(row["achieved"] for row in rows), sum(row["indicators"] for row in rows)),
    }
    return rows, totals


def measure_detail(*, user: User, pk: int) -> Measure | None:
    """A measure of the user's district with everything its page shows, or None.

    Monitoring is read across the plan's versions: the reports, comments, selections and checks made on
    any version of the measure (same `key`) show on every version's page, in a fixed number of queries.
    """
    queryset = (
        Measure.objects.for_user(user)
        .select_related("challenge__field__plan__district", "challenge__field__parent", "target_group")
        .prefetch_related(
            "indicators",
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("actor")),
            "cross_cutting_themes",
        )
    )
    measure = queryset.filter(pk=pk).first()
    if measure is None:
        return None
    _attach_monitoring_of_all_versions(measure)
    indicators = measure.indicators.all()
    measure.indicator_count = len(indicators)
    measure.achieved_count = sum(1 for indicator in indicators if indicator.status == Indicator.Status.ACHIEVED)
    return measure


def _as_prefetched(obj: Model, name: str, queryset: QuerySet, rows: list) -> None:
    """`obj.<name>.all()` answers `rows` without a query, as after prefetch_related()."""
    queryset._result_cache = rows
    queryset._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _attach_monitoring_of_all_versions(measure: Measure) -> None:
    same_measure = {"district_id": measure.district_id, "measure__key": measure.key}
    for name, rows in (
        ("progress_reports", ProgressReport.objects.filter(**same_measure).select_related("author")),
        ("steering_comments", Comment.objects.filter(**same_measure).select_related("author", "answered_by")),
        ("annual_selections", AnnualSelection.objects.filter(**same_measure).select_related("decided_by")),
    ):
        _as_prefetched(measure, name, getattr(measure, name).all(), list(rows))
    checks_by_key = {}
    checks = IndicatorCheck.objects.filter(
        district_id=measure.district_id, indicator__measure__key=measure.key
    ).select_related("checked_by", "indicator")
    for check in checks:
        checks_by_key.setdefault(check.indicator.key, []).append(check)
    for indicator in measure.indicators.all():
        _as_prefetched(indicator, "checks", indicator.checks.all(), checks_by_key.get(indicator.key, []))


def measure_get(*, user: User, pk: int) -> Measure | None:
    """A measure of the user's district, for writing to it (a comment, a selection), or None."""
    return Measure.objects.for_user(user).select_related("district").filter(pk=pk).first()


def indicator_get(*, user: User, pk: int, for_update: bool = False) -> Indicator | None:
    """An indicator of the user's district, or None; `for_update` locks its row for a save (a POST)."""
    queryset = Indicator.objects.for_user(user).select_related("measure")
    if for_update:
        queryset = locked(queryset)
    return queryset.filter(pk=pk).first()


def comment_get(*, user: User, pk: int) -> Comment | None:
    return Comment.objects.for_user(user).select_related("measure", "author").filter(pk=pk).first()


def selection_get(*, user: User, pk: int) -> AnnualSelection | None:
    return AnnualSelection.objects.for_user(user).filter(pk=pk).first()


def selection_years(*, user: User) -> list[int]:
    """Years that have a selection, newest first."""
    return list(AnnualSelection.objects.for_user(user).order_by("-year").values_list("year", flat=True).distinct())
