"""Totals and the two charts of the implementation report, as figures a template draws as SVG.

The same SVG goes into the page and the PDF (a vector drawing there). Every category has its own fill
pattern and each segment carries its number, so the charts read in black and white too.
"""

from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actionplan.models import Indicator, Measure

from .report import NOT_CHECKED, ImplementationReport

WIDTH = 480
ROW_HEIGHT = 48
BAR_OFFSET, BAR_HEIGHT = 22, 20
LEGEND_COLUMNS, LEGEND_WIDTH, LEGEND_HEIGHT = 3, 160, 24
# A segment narrower than this carries no number inside (the table gives it).
LABEL_MIN_WIDTH = 22

# Fill of each category: (pattern, background colour). Patterns: solid-dark, horizontal, diagonal, dots, cross,
# blank; the same pattern never serves two categories of one chart.
STATUS_FILLS = {
    Measure.Status.EXISTING: ("horizontal", "#e5e7eb"),
    Measure.Status.PLANNED: ("diagonal", "#dbeafe"),
    Measure.Status.IN_PROGRESS: ("dots", "#fed7aa"),
    Measure.Status.COMPLETED: ("solid-dark", "#14532d"),
    Measure.Status.PAUSED: ("cross", "#e9d5ff"),
}
INDICATOR_FILLS = {
    Indicator.Status.ACHIEVED: ("solid-dark", "#14532d"),
    Indicator.Status.IN_PROGRESS: ("dots", "#fed7aa"),
    Indicator.Status.NOT_ACHIEVED: ("cross", "#fecaca"),
    Indicator.Status.OPEN: ("diagonal", "#dbeafe"),
    NOT_CHECKED: ("blank", "#ffffff"),
}


def indicator_state_labels() -> dict[str, str]:
    return {**dict(Indicator.Status.choices), NOT_CHECKED: _("not checked")}


@dataclass
class Segment:
    key: str
    label: str
    count: int
    x: float
    width: float
    # A solid fill is painted directly: a tiled pattern shows seams in some PDF viewers.
    solid: bool = False

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def box_x(self) -> float:
        return self.label_x - 10

    @property
    def shows_count(self) -> bool:
        return self.width >= LABEL_MIN_WIDTH


def _segments(counts: dict, labels: dict, full: int, scale: float) -> list[Segment]:
    segments, x = [], 0.0
    for key, count in counts.items():
        if not count:
            continue
        width = round(scale * count / full, 1)
        segments.append(Segment(key=key, label=str(labels[key]), count=count, x=x, width=width))
        x += width
    return segments


def _chart(rows: list[dict], fills: dict, labels: dict) -> dict:
    """Geometry of a chart of horizontal bars: one row per field, then the legend."""
    for index, row in enumerate(rows):
        for segment in row["segments"]:
            segment.solid = fills[segment.key][0] == "solid-dark"
        row["label_y"] = index * ROW_HEIGHT + 15
        row["bar_y"] = index * ROW_HEIGHT + BAR_OFFSET
        row["text_y"] = row["bar_y"] + 15
        row["box_y"] = row["bar_y"] + 2
    legend_top = len(rows) * ROW_HEIGHT + 8
    legend = [
        {
            "key": key,
            "solid": fills[key][0] == "solid-dark",
            "label": labels[key],
            "x": (index % LEGEND_COLUMNS) * LEGEND_WIDTH,
            "y": legend_top + (index // LEGEND_COLUMNS) * LEGEND_HEIGHT,
        }
        for index, key in enumerate(fills)
    ]
    height = legend_top + ((len(fills) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS) * LEGEND_HEIGHT
    return {"rows": rows, "legend": legend, "width": WIDTH, "height": height, "fills": fills}


def status_chart(report: ImplementationReport) -> dict:
    """Selected measures per field by status as of the Stichtag; bars scaled to the largest field."""
    labels = dict(Measure.Status.choices)
    counted = [(entry, entry.status_counts()) for entry in report.fields]
    widest = max([sum(counts.values()) for _entry, counts in counted] + [1])
    rows = []
    for entry, counts in counted:
        total = sum(counts.values())
        rows.append(
            {
                "label": Truncator(entry.field.name).chars(42),
                "note": ngettext("%(count)d measure", "%(count)d measures", total) % {"count": total},
                "segments": _segments(counts, labels, total, WIDTH * total / widest),
                "summary": ", ".join(f"{labels[key]}: {count}" for key, count in counts.items() if count),
            }
        )
    return _chart(rows, STATUS_FILLS, labels)


def indicator_chart(report: ImplementationReport) -> dict:
    """Indicators per field by the state of their latest check; each bar is all of the field's indicators."""
    labels = indicator_state_labels()
    rows = []
    for entry in report.fields:
        counts = entry.indicator_counts()
        total = sum(counts.values())
        achieved = counts[Indicator.Status.ACHIEVED]
        rows.append(
            {
                "label": Truncator(entry.field.name).chars(42),
                "note": _("%(achieved)d of %(total)d achieved") % {"achieved": achieved, "total": total},
                "segments": _segments(counts, labels, total, WIDTH) if total else [],
                "summary": ", ".join(f"{labels[key]}: {count}" for key, count in counts.items() if count),
            }
        )
    return _chart(rows, INDICATOR_FILLS, labels)


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def totals(report: ImplementationReport) -> dict:
    """The report's table of figures: per field and in all, measures by status and indicators by state."""
    status_labels = dict(Measure.Status.choices)
    state_labels = indicator_state_labels()
    rows = []
    for entry in report.fields:
        statuses, states = entry.status_counts(), entry.indicator_counts()
        rows.append(_totals_row(entry.field.name, statuses, states))
    all_statuses = {key: sum(row["statuses"][key] for row in rows) for key in status_labels}
    all_states = {key: sum(row["states"][key] for row in rows) for key in state_labels}
    return {
        "status_labels": list(status_labels.values()),
        "state_labels": list(state_labels.values()),
        "rows": rows,
        "all": _totals_row(_("All fields"), all_statuses, all_states),
    }


def _totals_row(name: str, statuses: dict, states: dict) -> dict:
    indicators = sum(states.values())
    achieved = states[Indicator.Status.ACHIEVED]
    return {
        "name": name,
        "statuses": statuses,
        "states": states,
        "status_cells": list(statuses.values()),
        "state_cells": list(states.values()),
        "measures": sum(statuses.values()),
        "indicators": indicators,
        "achieved": achieved,
        "achieved_percent": percent(achieved, indicators),
    }


def summary_text(report: ImplementationReport, figures: dict) -> str:
    """The totals in one paragraph: the report's summary and the paper's statement of facts."""
    everything = figures["all"]
    params = {"year": report.year, "date": report.as_of.strftime("%d.%m.%Y"), "count": everything["measures"]}
    if not everything["measures"]:
        return _("No measures were selected for %(year)s by the reference date %(date)s.") % params
    by_status = ", ".join(
        f"{label}: {count}"
        for label, count in zip(figures["status_labels"], everything["status_cells"], strict=True)
        if count
    )
    text = ngettext(
        "For %(year)s the steering group selected %(count)d measure. Its status on %(date)s: %(statuses)s.",
        "For %(year)s the steering group selected %(count)d measures. Their status on %(date)s: %(statuses)s.",
        everything["measures"],
    ) % {**params, "statuses": by_status}
    if everything["indicators"]:
        text += " " + ngettext(
            "Of their %(total)d indicators, %(achieved)d is achieved (%(percent)d %%).",
            "Of their %(total)d indicators, %(achieved)d are achieved (%(percent)d %%).",
            everything["achieved"],
        ) % {
            "total": everything["indicators"],
            "achieved": everything["achieved"],
            "percent": everything["achieved_percent"],
        }
    return text


def report_context(report: ImplementationReport, *, for_pdf: bool = False) -> dict:
    """What `steering/includes/implementation_report.html` needs, for the page or the PDF."""
    figures = totals(report)
    return {
        "report": report,
        "totals": figures,
        "summary": summary_text(report, figures),
        "status_chart": status_chart(report),
        "indicator_chart": indicator_chart(report),
        "for_pdf": for_pdf,
        # The page's title is h1; in a paper the annex title is h2.
        "h2": 3 if for_pdf else 2,
        "h3": 4 if for_pdf else 3,
        "chart_prefix": "annex-" if for_pdf else "chart-",
    }
