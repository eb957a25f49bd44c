"""Export of an action plan as XLSX or CSV in the layout the import reads (see `actionplan.spreadsheet`).

Every file goes through `integration_portal.spreadsheets`, which makes formula-like cells harmless.
"""

from django.db.models import Prefetch
from django.utils.text import slugify

from integration_portal import spreadsheets
from integration_portal.audit import log_event

from .models import ActionPlan, Indicator, Measure, MeasureQuerySet, Responsibility
from .resources import PlanMeasureResource

FORMATS = ("xlsx", "csv")


def export_measures(plan: ActionPlan) -> MeasureQuerySet:
    """The plan's measures in reading order, with everything a row shows, in a fixed number of queries."""
    return (
        Measure.objects.in_plan(plan)
        .in_plan_order()
        .select_related("challenge__field__parent", "target_group")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
            Prefetch(
                "responsibilities", queryset=Responsibility.objects.select_related("actor").order_by("order", "pk")
            ),
        )
    )


def plan_rows(plan):
    """(header, rows) of the plan, one row per measure, in reading order."""
    dataset = PlanMeasureResource().export(export_measures(plan))
    return list(dataset.headers), [list(row) for row in dataset]


def export_filename(plan, file_format):
    return f"aktionsplan-{slugify(plan.district.slug)}-{plan.pk}.{file_format}"


def plan_export_bytes(*, plan, file_format, user=None, path="admin"):
    """The file's bytes (CSV as UTF-8 with byte order mark); logged in the audit log."""
    header, rows = plan_rows(plan)
    log_event("export", user=user, plan=plan.pk, format=file_format, rows=len(rows), path=path)
    if file_format == "xlsx":
        return spreadsheets.xlsx_bytes(header, rows, title="Aktionsplan")
    return spreadsheets.csv_bytes(header, rows)
