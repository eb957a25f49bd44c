"""A plan version read from the database as a `Snapshot`: what the council adopted, without monitoring data
(status, actual values and checks go on against an adopted version and are not part of the comparison)."""

from django.template.defaultfilters import floatformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import ActionPlan, FieldOfAction
from .items import CHALLENGE, FIELD, INDICATOR, MEASURE, PLAN, RESPONSIBILITY, Item, Snapshot


def version_name(plan: ActionPlan) -> str:
    """“Fassung 2 (Entwurf)”."""
    return _("Version %(version)s (%(status)s)") % {"version": plan.version, "status": plan.get_status_display()}


def _figure(value) -> str:
    return "" if value is None else str(floatformat(value, "-2"))


def plan_snapshot(plan: ActionPlan) -> Snapshot:
    """The snapshot of a plan loaded with `selectors.plan_tree` (no further queries)."""
    snapshot = Snapshot(version_name(plan))
    texts = (("title", plan.title), ("introduction", plan.introduction), ("acknowledgement", plan.acknowledgement))
    snapshot.add(Item(PLAN, PLAN, attributes=texts))
    fields = list(plan.fields.all())
    for field in _top_level_first(fields):
        _add_field(snapshot, field)
    return snapshot


def _top_level_first(fields: list[FieldOfAction]) -> list[FieldOfAction]:
    """Each top-level field followed by its sub-fields, as the plan prints them."""
    children = {}
    for field in fields:
        children.setdefault(field.parent_id, []).append(field)
    in_plan = {field.pk for field in fields}
    ordered = []
    for field in fields:
        if field.parent_id not in in_plan:
            ordered.append(field)
            ordered.extend(children.get(field.pk, []))
    return ordered


def _add_field(snapshot: Snapshot, field: FieldOfAction) -> None:
    key = f"{FIELD}:{field.key}"
    parent = f"{FIELD}:{field.parent.key}" if field.parent_id else ""
    top = parent or key
    snapshot.add(Item(FIELD, key, parent, "", (("name", field.name), ("description", field.description)), "", top))
    for challenge in field.challenges.all():
        challenge_key = f"{CHALLENGE}:{challenge.key}"
        texts = (("text", challenge.text), ("sub_points", challenge.sub_points))
        snapshot.add(Item(CHALLENGE, challenge_key, key, "", texts, "", top))
        for measure in challenge.measures.all():
            _add_measure(snapshot, measure, challenge_key, top)


def _add_measure(snapshot: Snapshot, measure, challenge_key: str, top: str) -> None:
    key = f"{MEASURE}:{measure.key}"
    target_group = measure.target_group.name if measure.target_group_id else ""
    texts = (("text", measure.text), ("sub_points", measure.sub_points), ("target_group", target_group))
    snapshot.add(Item(MEASURE, key, challenge_key, "", texts, "", top))
    for indicator in measure.indicators.all():
        figures = (
            ("text", indicator.text),
            ("unit", indicator.unit),
            ("baseline", _figure(indicator.baseline)),
            ("target", _figure(indicator.target)),
        )
        snapshot.add(Item(INDICATOR, f"{INDICATOR}:{indicator.key}", key, indicator.group_heading, figures, "", top))
    for responsibility in measure.responsibilities.all():
        # A responsibility is the same across versions when its measure and its actor are.
        texts = (
            ("actor", str(responsibility.actor)),
            ("role", capfirst(responsibility.get_role_display())),
            ("note", responsibility.note),
        )
        item_key = f"{RESPONSIBILITY}:{measure.key}:{responsibility.actor_id}"
        if snapshot.get(item_key):  # the same actor in a second role
            item_key += f":{responsibility.role}"
        snapshot.add(Item(RESPONSIBILITY, item_key, key, "", texts, "", top))
