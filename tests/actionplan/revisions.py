"""A draft revision of a plan made the way “Fortschreibung beginnen” makes it: a copy of the whole tree
whose fields, challenges, measures and indicators keep their keys. Bulk-inserted, for plans of thousands."""

from actionplan.models import ActionPlan, Challenge, FieldOfAction, Indicator, Measure, Responsibility
from actionplan.selectors import plan_tree


def _copies(model, rows, **links):
    """Unsaved copies of `rows` with their key and the foreign keys in `links` ({field: function(row)})."""
    copies = []
    for row in rows:
        copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key})
        for name, link in links.items():
            setattr(copy, name, link(row))
        copies.append(copy)
    return model.objects.bulk_create(copies)


def revise(plan: ActionPlan) -> ActionPlan:
    """A draft revision of `plan` (version + 1) with a copy of its tree."""
    tree = plan_tree(ActionPlan.objects.filter(pk=plan.pk)).get()
    revision = ActionPlan.objects.get(pk=plan.pk)
    revision.pk = None
    revision.status, revision.predecessor, revision.version = ActionPlan.Status.DRAFT, plan, plan.version + 1
    revision.save()
    fields = list(tree.fields.all())
    top = _copies(
        FieldOfAction, [f for f in fields if not f.parent_id], plan=lambda row: revision, parent=lambda row: None
    )
    field_map = dict(zip([f.pk for f in fields if not f.parent_id], top, strict=True))
    sub_fields = [f for f in fields if f.parent_id]
    subs = _copies(FieldOfAction, sub_fields, plan=lambda row: revision, parent=lambda row: field_map[row.parent_id])
    field_map |= dict(zip([f.pk for f in sub_fields], subs, strict=True))
    challenges = [c for f in fields for c in f.challenges.all()]
    copied = _copies(Challenge, challenges, field=lambda row: field_map[row.field_id])
    challenge_map = dict(zip([c.pk for c in challenges], copied, strict=True))
    measures = [m for c in challenges for m in c.measures.all()]
    copied = _copies(Measure, measures, challenge=lambda row: challenge_map[row.challenge_id])
    measure_map = dict(zip([m.pk for m in measures], copied, strict=True))
    _copies(
        Indicator, [i for m in measures for i in m.indicators.all()], measure=lambda row: measure_map[row.measure_id]
    )
    responsibilities = [r for m in measures for r in m.responsibilities.all()]
    _copies(Responsibility, responsibilities, measure=lambda row: measure_map[row.measure_id])
    return revision
