"""Reading plans: what a user may see, fetched with a fixed number of queries."""

import dataclasses

from django.db.models import Prefetch, QuerySet, Subquery, prefetch_related_objects

from integration_portal.history import HistoryEntry, history_entries, history_rows
from integration_portal.kept_pages import generation, kept
from integration_portal.models import District, User

from .models import (
    ActionPlan,
    Challenge,
    Contribution,
    FieldOfAction,
    Indicator,
    Measure,
    ProgressReport,
    Responsibility,
)


def district_list(*, user: User) -> list[tuple[District, list[ActionPlan]]]:
    """All districts as (district, plans the user may read) pairs, in two queries."""
    plans_by_district = {}
    for plan in ActionPlan.objects.visible_to(user).select_related("district"):
        plans_by_district.setdefault(plan.district_id, []).append(plan)
    return [(district, plans_by_district.get(district.pk, [])) for district in District.objects.all()]


def district_get(*, slug: str) -> District | None:
    return District.objects.filter(slug=slug).first()


def plan_list(*, user: User, district: District) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.visible_to(user).filter(district=district).select_related("district", "concept")


def _challenge_tree() -> Prefetch:
    """A field's challenges with their measures, indicators and responsibilities: four queries."""
    measures = Measure.objects.select_related("target_group").prefetch_related(
        "indicators",
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("actor")),
    )
    return Prefetch("challenges", queryset=Challenge.objects.prefetch_related(Prefetch("measures", queryset=measures)))


def _plan_head(plans: QuerySet[ActionPlan], fields: QuerySet[FieldOfAction]) -> QuerySet[ActionPlan]:
    return plans.select_related("district", "concept").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("actor")),
        Prefetch("fields", queryset=fields),
    )


def plan_tree(plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """`plans` with each plan's whole tree: seven queries whatever the plan's size (plan, contributors,
    fields, challenges, measures, indicators, responsibilities)."""
    return _plan_head(plans, FieldOfAction.objects.select_related("parent").prefetch_related(_challenge_tree()))


def plan_detail(*, user: User, district_slug: str, pk: int) -> ActionPlan | None:
    """The plan with its contributors and fields, or None if the user may not read it: three queries.

    The fields' tables come from the cache (`plan_tables`); `load_field_trees` loads what they show on a miss.
    """
    plans = _plan_head(ActionPlan.objects.visible_to(user), FieldOfAction.objects.select_related("parent"))
    return plans.filter(district__slug=district_slug, pk=pk).first()


def load_field_trees(fields: list[FieldOfAction]) -> None:
    """Loads the challenges, measures, indicators and responsibilities of `fields` into them: four queries
    whatever their number, none without fields."""
    if fields:
        prefetch_related_objects(fields, _challenge_tree())


def fields_in_tree_order(plan: ActionPlan) -> list[FieldOfAction]:
    """The plan's prefetched fields: each top-level field followed by its sub-fields.

    Every field gets `is_top_level`; top-level fields also get their `sub_fields`.

    A field whose parent is not in the plan counts as top-level, so that it is never hidden.
    """
    fields = list(plan.fields.all())
    in_plan = {field.pk for field in fields}
    children = {}
    for field in fields:
        if field.parent_id in in_plan:
            children.setdefault(field.parent_id, []).append(field)
    ordered = []
    for field in fields:
        field.is_top_level = field.parent_id not in in_plan
        if field.is_top_level:
            field.sub_fields = children.get(field.pk, [])
            ordered.append(field)
            ordered.extend(field.sub_fields)
    return ordered


def measure_history(*, measure: Measure, limit: int | None = None) -> list[HistoryEntry]:
    """The change history of a measure, its challenge, indicators, responsibilities and progress reports.

    Newest first, as `integration_portal.history.HistoryEntry` rows, with a fixed number of queries whatever the
    number of changes (one per source, two with a `limit`, and the prefetches of themes and goals). Show it with
    `{% include "integration_portal/includes/history.html" %}`.
    """
    return history_entries(_history_sources(measure), limit=limit)


def _history_sources(measure: Measure) -> list:
    return [
        (Measure, {"id": measure.pk}),
        (Challenge, {"id": measure.challenge_id}),
        (Indicator, {"measure_id": measure.pk}),
        (Responsibility, {"measure_id": measure.pk}),
        (ProgressReport, {"measure_id": measure.pk}),
    ]


# Names the history entries show beside their own records': actors, target groups, themes, goals, challenges,
# fields and users. A save or delete of one of these (connected in signals.py) gives every measure's kept
# history a new key.
HISTORY_NAMES_KEY = "actionplan:history-names"
HISTORY_KEPT_SECONDS = 60 * 60


def measure_recent_history(*, measure: Measure, limit: int) -> list[HistoryEntry]:
    """The newest `limit` entries of `measure_history`, kept in the cache for the measure's page.

    What they are made from is the key: the newest history record of each source (read in one query; history
    only grows, and a backup's restore empties the cache), the measure's last change and the generation of
    the names they show. Users are kept as their names only.
    """
    sources = _history_sources(measure)
    newest = [
        Subquery(history_rows(model).filter(**lookup).order_by("-history_id").values("history_id")[:1])
        for model, lookup in sources
    ]
    inputs = (
        measure.pk,
        limit,
        measure.modified.isoformat(),
        Measure.objects.filter(pk=measure.pk).values_list(*newest).first(),
        generation(HISTORY_NAMES_KEY),
    )

    def entries():
        found = history_entries(sources, limit=limit)
        return [dataclasses.replace(entry, user=str(entry.user) if entry.user else None) for entry in found]

    return kept("actionplan:measure-history", inputs, entries, timeout=HISTORY_KEPT_SECONDS)


@dataclasses.dataclass
class PlanVersions:
    """Where a plan stands in its line of versions: the earlier ones and the revision that replaced it."""

    earlier: list[ActionPlan] = dataclasses.field(default_factory=list)  # newest first
    successor: ActionPlan | None = None  # the adopted revision, for a superseded version


def plan_versions(*, user: User, plan: ActionPlan) -> PlanVersions:
    """The plan's earlier versions the user may read, and its adopted successor: one query."""
    plans = {
        row.pk: row
        for row in ActionPlan.objects.visible_to(user)
        .filter(district_id=plan.district_id)
        .select_related("district")
        .only("pk", "title", "version", "status", "predecessor_id", "district__slug")
    }
    versions = PlanVersions()
    earlier = plans.get(plan.predecessor_id)
    while earlier is not None:
        versions.earlier.append(earlier)
        earlier = plans.get(earlier.predecessor_id)
    if plan.status == ActionPlan.Status.SUPERSEDED:
        versions.successor = next(
            (row for row in plans.values() if row.predecessor_id == plan.pk and not row.is_draft), None
        )
    return versions
