"""Writing plans outside the admin's forms: bringing a measure's parts back to an earlier version."""

from datetime import datetime, timedelta

from django.db import transaction

from .models import Indicator, Measure, Responsibility

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
    for model, rows in measure_parts_as_of(measure=measure, end=end).items():
        kept = [row.pk for row in rows]
        for row in model.objects.filter(measure_id=measure.pk).exclude(pk__in=kept):
            row._change_reason = reason
            row.delete()
        for row in rows:
            row._change_reason = reason
            row.save()
