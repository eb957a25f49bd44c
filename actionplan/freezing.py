"""An adopted plan is frozen: the one place of that rule.

Model `clean()` (every admin form, the restore form), the Excel import and the restore of a measure's
parts call it. Monitoring goes on against the adopted version: the fields in `MONITORING_FIELDS` (a
measure's status, an indicator's actual value and check result) stay writable, and progress reports,
comments, checks and annual selections are no part of the plan.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

FROZEN_MESSAGE = _(
    "This plan has been adopted and is frozen. For changes: “Start revision” on the plan in the admin; "
    "the revision is a new draft that the council adopts again."
)

# Where each part of a plan finds its plan: (path from the part to the plan, the field that links it to
# its parent, path from the plan down to that parent).
PLAN_PATHS = {
    "actionplan": ("", None, None),
    "contribution": ("plan", "plan_id", "pk"),
    "fieldofaction": ("plan", "plan_id", "pk"),
    "challenge": ("field__plan", "field_id", "fields"),
    "measure": ("challenge__field__plan", "challenge_id", "fields__challenges"),
    "indicator": ("measure__challenge__field__plan", "measure_id", "fields__challenges__measures"),
    "responsibility": ("measure__challenge__field__plan", "measure_id", "fields__challenges__measures"),
}
MONITORING_FIELDS = {
    "actionplan": {"status"},  # set by the council's decision and by the adoption of a revision
    "measure": {"status"},
    "indicator": {"actual", "status"},
}
NOT_CONTENT = {"id", "created", "modified", "district"}


def frozen_error() -> ValidationError:
    return ValidationError(FROZEN_MESSAGE, code="plan_frozen")


def is_frozen_status(status: str | None) -> bool:
    return status in apps.get_model("actionplan", "ActionPlan").PUBLIC_STATUSES


def ensure_plan_not_frozen(plan) -> None:
    """Refuse any change of the plan's content (import, new parts)."""
    if plan is not None and plan.is_frozen:
        raise frozen_error()


def content_fields(instance: models.Model) -> list[str]:
    name = instance._meta.model_name
    skipped = NOT_CONTENT | MONITORING_FIELDS.get(name, set())
    return [field.attname for field in instance._meta.concrete_fields if field.name not in skipped]


def _stored(instance: models.Model, plan_path: str, names: list[str]) -> dict | None:
    status = f"{plan_path}__status" if plan_path else "status"
    return (
        type(instance)._base_manager.filter(pk=instance.pk).values(*names, stored_plan_status=models.F(status)).first()
    )


def _plan_status_of_parent(parent_lookup: str, parent_id) -> str | None:
    plans = apps.get_model("actionplan", "ActionPlan").objects.filter(**{parent_lookup: parent_id})
    return plans.values_list("status", flat=True).first()


def ensure_editable(instance: models.Model) -> None:
    """Refuse a change of frozen content: an edited, new or moved part of an adopted or superseded plan."""
    plan_path, parent_field, parent_lookup = PLAN_PATHS[instance._meta.model_name]
    names = content_fields(instance)
    stored = _stored(instance, plan_path, names) if instance.pk else None
    if stored is not None and is_frozen_status(stored["stored_plan_status"]):
        if any(getattr(instance, name) != stored[name] for name in names):
            raise frozen_error()
    if parent_field is None:
        return
    parent_id = getattr(instance, parent_field)
    if parent_id is None or (stored is not None and stored[parent_field] == parent_id):
        return
    if is_frozen_status(_plan_status_of_parent(parent_lookup, parent_id)):
        raise frozen_error()


def ensure_deletable(instance: models.Model) -> None:
    """Refuse deleting a part of an adopted or superseded plan."""
    plan_path = PLAN_PATHS[instance._meta.model_name][0]
    if instance.pk is None:
        return
    stored = _stored(instance, plan_path, [])
    if stored is not None and is_frozen_status(stored["stored_plan_status"]):
        raise frozen_error()


def plan_of(instance: models.Model):
    """The plan a part belongs to (the plan itself for a plan); None for a part not yet placed or no part."""
    if instance._meta.model_name not in PLAN_PATHS:
        return None
    plan_path = PLAN_PATHS[instance._meta.model_name][0]
    plan = instance
    for name in plan_path.split("__") if plan_path else []:
        plan = getattr(plan, name, None)
        if plan is None:
            return None
    return plan


def in_frozen_plan(instance: models.Model | None) -> bool:
    plan = plan_of(instance) if instance is not None and instance.pk else None
    return plan is not None and plan.is_frozen
