"""The implementation report (Umsetzungsbericht): the year's selected measures as of a reference date.

Figures are read as of the Stichtag, so a report shows the same numbers later: a measure's status from its
history, each indicator's latest check on or before the date, progress reports and remarks up to the date.
Reading costs a fixed number of queries, whatever the size of the plan.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import ActionPlan, FieldOfAction, Indicator, Measure, ProgressReport
from integration_portal.models import District

from .models import AnnualSelection, Comment, IndicatorCheck

# Indicator states in the report: the status of the latest check, or none yet ("not checked").
NOT_CHECKED = "not_checked"


@dataclass
class IndicatorEntry:
    indicator: Indicator
    check: IndicatorCheck | None

    @property
    def state(self) -> str:
        return self.check.status if self.check else NOT_CHECKED

    @property
    def target_text(self) -> str:
        """“12 Kurse”, or “–” without a target."""
        if self.indicator.target is None:
            return "–"
        return f"{floatformat(self.indicator.target, '-2')} {self.indicator.unit}".strip()

    @property
    def check_text(self) -> str:
        """The latest check: “erreicht: 13 Kurse (01.06.2026)”, or “nicht geprüft”."""
        if self.check is None:
            return _("not checked")
        text = str(self.check.get_status_display())
        if self.check.actual is not None:
            text += f": {floatformat(self.check.actual, '-2')} {self.indicator.unit}".rstrip()
        return f"{text} ({self.check.date:%d.%m.%Y})"


@dataclass
class MeasureEntry:
    measure: Measure
    status: str
    selection: AnnualSelection
    indicators: list[IndicatorEntry] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return Measure.Status(self.status).label


@dataclass
class FieldEntry:
    field: FieldOfAction
    measures: list[MeasureEntry] = field(default_factory=list)

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Measure.Status.values, 0)
        for entry in self.measures:
            counts[entry.status] += 1
        return counts

    def indicator_counts(self) -> dict[str, int]:
        counts = dict.fromkeys([*Indicator.Status.values, NOT_CHECKED], 0)
        for entry in self.measures:
            for indicator in entry.indicators:
                counts[indicator.state] += 1
        return counts


@dataclass
class ImplementationReport:
    district: District
    year: int
    as_of: datetime.date
    plans: list[ActionPlan]
    fields: list[FieldEntry]

    @property
    def measure_count(self) -> int:
        return sum(len(entry.measures) for entry in self.fields)


def default_as_of(*, year: int, today: datetime.date | None = None) -> datetime.date:
    """The Stichtag when none is given: today, or the year's last day once the year is over."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def report_plans(*, district: District, year: int) -> list[ActionPlan]:
    """The district's adopted plans covering the year, with the versions a revision replaced meanwhile (their
    measures were selected and checked while they were in force); while none is adopted, the plans covering it."""
    covering = (
        ActionPlan.objects.filter(district=district)
        .filter(Q(period_start__isnull=True) | Q(period_start__lte=year))
        .filter(Q(period_end__isnull=True) | Q(period_end__gte=year))
        .order_by("period_start", "pk")
    )
    plans = list(covering)
    adopted = [plan for plan in plans if plan.status in ActionPlan.PUBLIC_STATUSES]
    return adopted or plans


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after the day: what was recorded before it counts as of that day."""
    return _start_of_day(day + datetime.timedelta(days=1))


def _statuses_as_of(measures: QuerySet, cutoff: datetime.datetime) -> dict[int, str]:
    """{measure id: status} from the history: the latest version before `cutoff`, else the oldest version kept.

    A measure loaded without history has no version; its current status stands.
    """
    rows = (
        Measure.history.filter(id__in=measures.values("pk"))
        .order_by("history_date", "history_id")
        .values_list("id", "status", "history_date")
    )
    statuses = {}
    for pk, status, when in rows:
        if when < cutoff or pk not in statuses:
            statuses[pk] = status
    return statuses


def _selected(*, plans: list[ActionPlan], year: int, as_of: datetime.date) -> QuerySet:
    return AnnualSelection.objects.filter(
        measure__challenge__field__plan__in=plans, year=year, decision_date__lte=as_of
    ).order_by()


def _measures(selections: QuerySet, year: int, as_of: datetime.date) -> list[Measure]:
    """The selected measures in plan order, with indicators, the year's reports and their selection."""
    cutoff = _end_of_day(as_of)
    year_start = datetime.date(year, 1, 1)
    return list(
        Measure.objects.filter(pk__in=selections.values("measure"))
        .in_plan_order()
        .select_related("challenge__field__parent", "challenge__field__plan")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.filter(date__gte=year_start, date__lte=as_of).order_by("date", "pk"),
            ),
            Prefetch(
                "steering_comments",
                queryset=Comment.objects.filter(
                    created__gte=_start_of_day(year_start), created__lt=cutoff
                ).select_related("author"),
            ),
            Prefetch("annual_selections", queryset=selections, to_attr="report_selections"),
        )
    )


def _latest_checks(measures: QuerySet, as_of: datetime.date) -> dict[int, IndicatorCheck]:
    """{indicator id: its latest check on or before the Stichtag}."""
    checks = IndicatorCheck.objects.filter(indicator__measure__in=measures, date__lte=as_of).order_by("date", "pk")
    return {check.indicator_id: check for check in checks}


def _top_field(field_of_action: FieldOfAction) -> FieldOfAction:
    parent = field_of_action.parent
    return parent if parent is not None and parent.plan_id == field_of_action.plan_id else field_of_action


def implementation_report(*, district: District, year: int, as_of: datetime.date) -> ImplementationReport:
    """The report of `year` as of `as_of`, per top-level field of action in plan order. Eight queries."""
    plans = report_plans(district=district, year=year)
    selections = _selected(plans=plans, year=year, as_of=as_of)
    measures = _measures(selections, year, as_of)
    measure_ids = Measure.objects.filter(pk__in=selections.values("measure"))
    statuses = _statuses_as_of(measure_ids, _end_of_day(as_of))
    checks = _latest_checks(measure_ids, as_of)
    plan_order = {plan.pk: index for index, plan in enumerate(plans)}
    fields: dict[int, FieldEntry] = {}
    for measure in sorted(measures, key=lambda m: plan_order[m.challenge.field.plan_id]):
        top = _top_field(measure.challenge.field)
        entry = MeasureEntry(
            measure=measure,
            status=statuses.get(measure.pk, measure.status),
            selection=measure.report_selections[0],
            indicators=[IndicatorEntry(indicator, checks.get(indicator.pk)) for indicator in measure.indicators.all()],
            reports=list(measure.progress_reports.all()),
            comments=list(measure.steering_comments.all()),
        )
        fields.setdefault(top.pk, FieldEntry(field=top)).measures.append(entry)
    return ImplementationReport(district=district, year=year, as_of=as_of, plans=plans, fields=list(fields.values()))
