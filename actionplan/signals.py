"""Drop a plan's cached tables (plan_tables.py) on every save or delete that changes what they show.

A saved row is looked up before the write, so a challenge, measure, indicator or responsibility moved to
another field drops the tables of the plan it leaves as well as of the plan it joins. A delete looks up
the plan of what was deleted once, not once per row of its cascade.
"""

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from integration_portal.kept_pages import drop_generation
from integration_portal.models import District, User

from .models import (
    ActionPlan,
    Actor,
    Challenge,
    Contribution,
    CrossCuttingTheme,
    FieldOfAction,
    Goal,
    Indicator,
    IntegrationConcept,
    Measure,
    Responsibility,
    TargetGroup,
)
from .plan_tables import drop_plan_tables, tables_held
from .public_pages import drop_public_pages
from .selectors import HISTORY_NAMES_KEY

# How each model of a plan's tree reaches its plan, and the parent a new row reaches it through.
PLAN_PATH = {
    ActionPlan: "pk",
    FieldOfAction: "plan_id",
    Challenge: "field__plan_id",
    Measure: "challenge__field__plan_id",
    Indicator: "measure__challenge__field__plan_id",
    Responsibility: "measure__challenge__field__plan_id",
}
PARENT = {
    Challenge: (FieldOfAction, "field_id"),
    Measure: (Challenge, "challenge_id"),
    Indicator: (Measure, "measure_id"),
    Responsibility: (Measure, "measure_id"),
}


def plan_ids_query(rows: QuerySet) -> QuerySet:
    """The ids of the plans `rows` (of a model of the plan's tree) belong to, as a values query."""
    return rows.order_by().values_list(PLAN_PATH[rows.model], flat=True)


def drop_tables_of(rows: QuerySet) -> None:
    """Drop the tables of every plan `rows` belong to: one query."""
    drop_plan_tables(set(plan_ids_query(rows).distinct()))


def drop_tables_of_rows(model: type[Model], pks: list[int]) -> None:
    """For bulk writes of existing rows (`PlanPartQuerySet.update`): one query, none for no rows."""
    if pks and not tables_held():
        drop_tables_of(model.objects.filter(pk__in=pks))


def drop_tables_of_new_rows(model: type[Model], objs: list[Model]) -> None:
    """For `bulk_create`: the plans of the new rows' parents, in one query."""
    if not objs or tables_held():
        return
    if model is FieldOfAction:
        drop_plan_tables({obj.plan_id for obj in objs})
        return
    parent, parent_attribute = PARENT[model]
    drop_tables_of(parent.objects.filter(pk__in={getattr(obj, parent_attribute) for obj in objs}))


def _part_saving(sender, instance, raw=False, **kwargs):
    if tables_held():
        return
    if sender is FieldOfAction:
        plan_ids = {instance.plan_id}
        if instance.pk is not None and not instance._state.adding:
            plan_ids |= set(plan_ids_query(FieldOfAction.objects.filter(pk=instance.pk)))
        drop_plan_tables(plan_ids)
        return
    parent, parent_attribute = PARENT[sender]
    query = plan_ids_query(parent.objects.filter(pk=getattr(instance, parent_attribute)))
    if instance.pk is not None and not instance._state.adding:
        query = query.union(plan_ids_query(sender.objects.filter(pk=instance.pk)))
    drop_plan_tables(set(query))


def _plan_saved(sender, instance, **kwargs):
    drop_plan_tables([instance.pk])


def _part_deleting(sender, instance, origin=None, **kwargs):
    """Once per delete: a plan's or field's own delete names the plan, any other is looked up once."""
    if tables_held():
        return
    owner = origin if _in_tree(origin) else instance
    if getattr(owner, "_plan_tables_dropped", False):
        return
    if isinstance(owner, ActionPlan):
        drop_plan_tables([owner.pk])
    elif isinstance(owner, FieldOfAction):
        drop_plan_tables([owner.plan_id])
    else:
        drop_tables_of(owner if isinstance(owner, QuerySet) else type(owner).objects.filter(pk=owner.pk))
    owner._plan_tables_dropped = True


def _in_tree(origin) -> bool:
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return isinstance(origin, QuerySet | Model) and model in PLAN_PATH


def _named_saving(sender, instance, raw=False, **kwargs):
    """Actors and target groups are named in the tables of the plans whose measures they appear in."""
    if tables_held() or instance.pk is None or instance._state.adding:
        return
    if sender is Actor:
        drop_tables_of(Responsibility.objects.filter(actor_id=instance.pk))
    elif sender is TargetGroup:
        drop_tables_of(Measure.objects.filter(target_group_id=instance.pk))
    else:  # a district's name and address are in the links of its findings
        drop_tables_of(ActionPlan.objects.filter(district_id=instance.pk))


def connect() -> None:
    for model in PLAN_PATH:
        pre_delete.connect(_part_deleting, sender=model, dispatch_uid=f"plan-tables-delete-{model.__name__}")
        if model is not ActionPlan:
            pre_save.connect(_part_saving, sender=model, dispatch_uid=f"plan-tables-save-{model.__name__}")
    post_save.connect(_plan_saved, sender=ActionPlan, dispatch_uid="plan-tables-save-ActionPlan")
    for model in (Actor, TargetGroup, District):
        pre_save.connect(_named_saving, sender=model, dispatch_uid=f"plan-tables-name-{model.__name__}")
    connect_public_pages(ActionPlan, Actor, Contribution, IntegrationConcept, District)
    for model in (Actor, TargetGroup, CrossCuttingTheme, Goal, Challenge, FieldOfAction, User):
        for signal in (post_save, post_delete):
            signal.connect(_history_names_changed, sender=model, dispatch_uid=f"history-names-{model.__name__}")


def _history_names_changed(**_signal):
    drop_generation(HISTORY_NAMES_KEY)


def connect_public_pages(*models) -> None:
    """The public plan page around its tables shows these models: their saves and deletes drop the kept pages."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(drop_public_pages, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
