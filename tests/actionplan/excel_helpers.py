"""Helpers of the spreadsheet tests: the real demo plan, files as KIT staff write them, plan snapshots."""

import io

from openpyxl import Workbook

from actionplan.models import Measure
from integration_portal.models import District

LAYOUT = [
    "Handlungsfeld",
    "Problem/Herausforderung",
    "Maßnahme",
    "Zielgruppe",
    "Indikatoren",
    "Zuständigkeit",
    "Status",
]


def xlsx_file(rows):
    """An XLSX as a person would type it: plain cells, no escaping."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot(plan):
    """Everything the layout carries of a plan, in reading order, with actors by id."""
    measures = (
        Measure.objects.filter(challenge__field__plan=plan)
        .select_related("challenge__field__parent", "target_group")
        .prefetch_related("indicators", "responsibilities")
        .order_by("challenge__field__order", "challenge__order", "order")
    )
    return [
        (
            m.challenge.field.full_name,
            m.challenge.field.order,
            m.challenge.text,
            m.challenge.sub_points,
            m.challenge.order,
            m.text,
            m.sub_points,
            m.order,
            m.status,
            m.target_group_id,
            [(i.group_heading, i.text, i.order) for i in m.indicators.all()],
            [(r.actor_id, r.role, r.note, r.order) for r in m.responsibilities.all()],
        )
        for m in measures
    ]


def other_district():
    return District.objects.get(slug="ostholstein")
