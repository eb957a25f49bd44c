"""Plan versions read from the database as `Snapshot`s: what the council adopted, without monitoring data
(status, actual values and checks go on against an adopted version and are not part of the comparison).

Rows are read as plain values, five queries for any number of versions and measures: a Synopse of two
plans of 2,000 measures builds no model instances.
"""

from django.template.defaultfilters import floatformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import ActionPlan, Actor, Challenge, FieldOfAction, Indicator, Measure, Responsibility
from .items import CHALLENGE, FIELD, INDICATOR, MEASURE, PLAN, RESPONSIBILITY, Item, Snapshot


def version_name(plan: ActionPlan) -> str:
    """“Fassung 2 (Entwurf)”."""
    return _("Version %(version)s (%(status)s)") % {"version": plan.version, "status": plan.get_status_display()}


def _figure(value) -> str:
    return "" if value is None else str(floatformat(value, "-2"))


def _grouped(rows, parent: str) -> dict:
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[parent], []).append(row)
    return groups


def plan_snapshots(plans: list[ActionPlan]) -> dict[int, Snapshot]:
    """{plan id: its snapshot} of the given plan versions, in five queries whatever their size."""
    ids = [plan.pk for plan in plans]
    ordered = ("order", "pk")
    fields = FieldOfAction.objects.filter(plan_id__in=ids).order_by(*ordered)
    challenges = Challenge.objects.filter(field__plan_id__in=ids).order_by(*ordered)
    measures = Measure.objects.filter(challenge__field__plan_id__in=ids).order_by(*ordered)
    in_plans = {"measure__challenge__field__plan_id__in": ids}
    reader = _Reader(
        fields=_grouped(fields.values("pk", "plan_id", "key", "parent_id", "name", "description"), "plan_id"),
        challenges=_grouped(challenges.values("pk", "field_id", "key", "text", "sub_points"), "field_id"),
        measures=_grouped(
            measures.values("pk", "challenge_id", "key", "text", "sub_points", "target_group__name"), "challenge_id"
        ),
        indicators=_grouped(
            Indicator.objects.filter(**in_plans)
            .order_by(*ordered)
            .values("measure_id", "key", "group_heading", "text", "unit", "baseline", "target"),
            "measure_id",
        ),
        responsibilities=_grouped(
            Responsibility.objects.filter(**in_plans)
            .order_by(*ordered)
            .values("measure_id", "actor_id", "actor__name", "actor__short_name", "role", "note"),
            "measure_id",
        ),
    )
    return {plan.pk: reader.snapshot(plan) for plan in plans}


class _Reader:
    """Turns the rows of all versions into one snapshot per version, in the plan's reading order."""

    def __init__(self, *, fields, challenges, measures, indicators, responsibilities):
        self.fields, self.challenges, self.measures = fields, challenges, measures
        self.indicators, self.responsibilities = indicators, responsibilities
        self.roles = {role: capfirst(str(label)) for role, label in Responsibility.Role.choices}
        self.actors: dict[int, str] = {}

    def snapshot(self, plan: ActionPlan) -> Snapshot:
        snapshot = Snapshot(version_name(plan))
        texts = (("title", plan.title), ("introduction", plan.introduction), ("acknowledgement", plan.acknowledgement))
        snapshot.add(Item(PLAN, PLAN, attributes=texts))
        fields = self.fields.get(plan.pk, [])
        keys = {row["pk"]: f"{FIELD}:{row['key']}" for row in fields}
        children = _grouped([row for row in fields if row["parent_id"] in keys], "parent_id")
        for row in fields:
            if row["parent_id"] not in keys:  # top-level, followed by its sub-fields
                self.add_field(snapshot, row, "", keys[row["pk"]])
                for sub_field in children.get(row["pk"], []):
                    self.add_field(snapshot, sub_field, keys[row["pk"]], keys[row["pk"]])
        return snapshot

    def add_field(self, snapshot: Snapshot, row: dict, parent: str, top: str) -> None:
        key = f"{FIELD}:{row['key']}"
        texts = (("name", row["name"]), ("description", row["description"]))
        snapshot.add(Item(FIELD, key, parent, "", texts, "", top))
        for challenge in self.challenges.get(row["pk"], []):
            challenge_key = f"{CHALLENGE}:{challenge['key']}"
            texts = (("text", challenge["text"]), ("sub_points", challenge["sub_points"]))
            snapshot.add(Item(CHALLENGE, challenge_key, key, "", texts, "", top))
            for measure in self.measures.get(challenge["pk"], []):
                self.add_measure(snapshot, measure, challenge_key, top)

    def add_measure(self, snapshot: Snapshot, row: dict, challenge_key: str, top: str) -> None:
        key = f"{MEASURE}:{row['key']}"
        texts = (
            ("text", row["text"]),
            ("sub_points", row["sub_points"]),
            ("target_group", row["target_group__name"] or ""),
        )
        snapshot.add(Item(MEASURE, key, challenge_key, "", texts, "", top))
        for indicator in self.indicators.get(row["pk"], []):
            figures = (
                ("text", indicator["text"]),
                ("unit", indicator["unit"]),
                ("baseline", _figure(indicator["baseline"])),
                ("target", _figure(indicator["target"])),
            )
            item_key = f"{INDICATOR}:{indicator['key']}"
            snapshot.add(Item(INDICATOR, item_key, key, indicator["group_heading"], figures, "", top))
        for responsibility in self.responsibilities.get(row["pk"], []):
            texts = (
                ("actor", self.actor(responsibility)),
                ("role", self.roles.get(responsibility["role"], responsibility["role"])),
                ("note", responsibility["note"]),
            )
            # A responsibility is the same across versions when its measure and its actor are.
            item_key = f"{RESPONSIBILITY}:{row['key']}:{responsibility['actor_id']}"
            if snapshot.get(item_key):  # the same actor in a second role
                item_key += f":{responsibility['role']}"
            snapshot.add(Item(RESPONSIBILITY, item_key, key, "", texts, "", top))

    def actor(self, row: dict) -> str:
        """The actor as the plan prints it, “Bundesamt für Migration und Flüchtlinge (BAMF)”."""
        if row["actor_id"] not in self.actors:
            self.actors[row["actor_id"]] = str(Actor(name=row["actor__name"], short_name=row["actor__short_name"]))
        return self.actors[row["actor_id"]]
