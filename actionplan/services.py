"""Writing plans outside the admin's forms: a measure's parts back to an earlier version, revisions of plans."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from integration_portal.models import User

from . import freezing
from .models import ActionPlan, Challenge, Contribution, FieldOfAction, Indicator, Measure, Responsibility

# The parts that make up a measure's version, besides the measure's own fields.
MEASURE_PARTS = (Indicator, Responsibility)


def measure_parts_as_of(*, measure: Measure, end: datetime | None) -> dict[type, list]:
    """{model: [rows as they were just before `end`, in their order]}; the current rows if `end` is None."""
    parts = {}
    for model in MEASURE_PARTS:
        if end is None:
            rows = model.objects.filter(measure_id=measure.pk).select_related(*_joined(model))
        else:
            as_of = model.history.as_of(end - timedelta(microseconds=1))
            rows = as_of.filter(measure_id=measure.pk)
        parts[model] = sorted(rows, key=lambda row: (row.order, row.pk))
    return parts


def _joined(model: type) -> list[str]:
    return ["actor"] if model is Responsibility else []


@transaction.atomic
def measure_parts_restore(*, measure: Measure, end: datetime | None, reason: str) -> None:
    """Indicators and responsibilities back as they were before `end`: changed rows are reset, rows
    added since are removed, removed rows come back with their order. All in one transaction."""
    if end is None:
        return
    if freezing.in_frozen_plan(measure):
        raise freezing.frozen_error()
    for model, rows in measure_parts_as_of(measure=measure, end=end).items():
        kept = [row.pk for row in rows]
        for row in model.objects.filter(measure_id=measure.pk).exclude(pk__in=kept):
            row._change_reason = reason
            row.delete()
        for row in rows:
            row._change_reason = reason
            row.save()


class RevisionExists(ValidationError):
    """A draft revision of the plan is there already; `revision` is it."""

    def __init__(self, revision: ActionPlan):
        super().__init__(
            _("A revision of this plan exists already: version %(version)s, “%(title)s”."),
            code="revision_exists",
            params={"version": revision.version, "title": revision.title},
        )
        self.revision = revision


# The fields a revision copies from its predecessor; the rest (id, key-less links) is set anew.
PLAN_COPIED = ("concept_id", "title", "introduction", "acknowledgement", "period_start", "period_end")


def _copy(row: models.Model, **changes: object) -> models.Model:
    """An unsaved copy of `row` with the same key and content, for the revision."""
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname not in ("id",)}
    values.pop("created", None)
    values.pop("modified", None)
    return type(row)(**{**values, **changes})


@transaction.atomic
def plan_start_revision(*, plan: ActionPlan, user: User | None = None) -> ActionPlan:
    """“Fortschreibung beginnen”: a new draft with everything the adopted `plan` froze, in one transaction.

    Fields, challenges, measures and indicators keep their `key`; monitoring (checks, comments,
    progress reports, selections) stays with the rows it was made on. Refused for a plan that is not
    adopted, and while a revision exists (`RevisionExists`).
    """
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    existing = plan.revisions.first()
    if existing is not None:
        raise RevisionExists(existing)
    if plan.status != ActionPlan.Status.ADOPTED:
        raise ValidationError(_("Only an adopted plan can be revised."), code="not_adopted")
    revision = ActionPlan(
        district_id=plan.district_id,
        predecessor=plan,
        version=plan.version + 1,
        status=ActionPlan.Status.DRAFT,
        **{name: getattr(plan, name) for name in PLAN_COPIED},
    )
    revision._history_user = user
    revision.save()
    _bulk([_copy(c, plan_id=revision.pk) for c in plan.contributions.all()], Contribution, user)
    fields = _copy_fields(plan, revision, user)
    challenges = _copy_children(Challenge.objects.filter(field__plan=plan), "field_id", fields, user)
    measures = _copy_children(Measure.objects.filter(challenge__field__plan=plan), "challenge_id", challenges, user)
    _copy_measure_links(measures)
    _copy_children(Indicator.objects.filter(measure__challenge__field__plan=plan), "measure_id", measures, user)
    _copy_children(Responsibility.objects.filter(measure__challenge__field__plan=plan), "measure_id", measures, user)
    return revision


def _bulk(rows: list, model: type[models.Model], user: User | None) -> list:
    return bulk_create_with_history(rows, model, default_user=user) if rows else []


def _copy_fields(plan: ActionPlan, revision: ActionPlan, user: User | None) -> dict[int, int]:
    """{old field id: new field id}; top-level fields first, so that sub-fields find their parent's copy."""
    old = list(plan.fields.order_by(F("parent_id").asc(nulls_first=True), "order", "pk"))
    top = [row for row in old if row.parent_id is None]
    new_top = _bulk([_copy(row, plan_id=revision.pk) for row in top], FieldOfAction, user)
    ids = {row.pk: copy.pk for row, copy in zip(top, new_top, strict=True)}
    subs = [row for row in old if row.parent_id is not None]
    new_subs = _bulk(
        [_copy(row, plan_id=revision.pk, parent_id=ids[row.parent_id]) for row in subs], FieldOfAction, user
    )
    ids.update({row.pk: copy.pk for row, copy in zip(subs, new_subs, strict=True)})
    return ids


def _copy_children(
    rows: QuerySet, parent_attname: str, parent_ids: dict[int, int], user: User | None
) -> dict[int, int]:
    """Copies of `rows` under the copies of their parents: {old id: new id}."""
    old = list(rows.order_by("pk"))
    copies = [_copy(row, **{parent_attname: parent_ids[getattr(row, parent_attname)]}) for row in old]
    new = _bulk(copies, rows.model, user)
    return {row.pk: copy.pk for row, copy in zip(old, new, strict=True)}


def _copy_measure_links(measure_ids: dict[int, int]) -> None:
    """The copied measures' goals and cross-cutting themes."""
    for name in ("goals", "cross_cutting_themes"):
        through = getattr(Measure, name).through
        target = getattr(Measure, name).field.m2m_reverse_field_name()
        links = through.objects.filter(measure_id__in=measure_ids).values_list("measure_id", f"{target}_id")
        through.objects.bulk_create(
            through(measure_id=measure_ids[measure], **{f"{target}_id": other}) for measure, other in links
        )


@transaction.atomic
def plan_sync_predecessor(*, plan: ActionPlan, user: User | None = None) -> None:
    """An adopted revision supersedes its predecessor; a revision no longer adopted gives it back its place.

    Called where a plan's status changes: the council's decision (papers) and the admin.
    """
    if plan.predecessor_id is None:
        return
    predecessor = ActionPlan.objects.select_for_update().get(pk=plan.predecessor_id)
    if plan.status == ActionPlan.Status.ADOPTED and predecessor.status == ActionPlan.Status.ADOPTED:
        predecessor.status = ActionPlan.Status.SUPERSEDED
    elif plan.status != ActionPlan.Status.ADOPTED and predecessor.status == ActionPlan.Status.SUPERSEDED:
        predecessor.status = ActionPlan.Status.ADOPTED
    else:
        return
    predecessor._history_user = user
    predecessor.save()
