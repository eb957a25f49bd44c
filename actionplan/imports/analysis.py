"""The preview: every row compared with the plan as saved. Writes nothing."""

from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .. import spreadsheet as layout
from ..models import ActionPlan, Measure, field_full_name
from .columns import Reading, read_row
from .rows import (
    CHALLENGE_CHANGED,
    CHALLENGE_POINTS_CHANGED,
    CHANGED,
    CHECKING,
    INDICATORS_CHANGED,
    INVALID,
    MEASURE_CHANGED,
    MEASURE_POINTS_CHANGED,
    NEW,
    PROGRESS_EVERY,
    RESPONSIBILITIES_CHANGED,
    STATUS_CHANGED,
    TARGET_GROUP_CHANGED,
    UNCHANGED,
    Analysis,
    Progress,
    Row,
    RowError,
)
from .state import PlanState


def analyse(*, plan: ActionPlan, rows: list[list[str]], progress: Progress | None = None) -> Analysis:
    """Per row new/changed/unchanged/invalid with its changes or errors, and the names the import adds."""
    analysis = Analysis(plan=plan)
    columns = _read_header(analysis, rows)
    if analysis.errors:
        return analysis
    reading = Reading(state=PlanState(plan))
    new_target_groups, new_fields = {}, {}
    for number, values in enumerate(rows[1:], start=2):
        if progress is not None and (number - 1) % PROGRESS_EVERY == 0:
            progress(number - 1, len(rows) - 1, CHECKING)
        cells = {key: str(values[index] if index < len(values) else "").strip() for key, index in columns.items()}
        if not any(cells.values()):
            continue
        row = Row(number=number, values=cells)
        analysis.rows.append(row)
        read_row(row, reading)
        if row.errors:
            row.state = INVALID
            continue
        if row.target_group_name and reading.state.target_group(row.target_group_name) is None:
            new_target_groups.setdefault(row.target_group_name.lower(), row.target_group_name)
        if row.field_path not in reading.state.fields_by_path:
            new_fields.setdefault(row.field_path, field_full_name(*row.field_path))
        _match(row, reading)
        _compare(row, reading.state)
        _check_version(row)
    analysis.new_actors = sorted(reading.new_actor_names.values(), key=str.lower)
    analysis.new_target_groups = sorted(new_target_groups.values(), key=str.lower)
    analysis.new_fields = list(new_fields.values())
    if progress is not None:
        progress(len(rows) - 1, len(rows) - 1, CHECKING)
    return analysis


def _read_header(analysis: Analysis, rows: list[list[str]]) -> dict[str, int]:
    """The column index of each known column; file-level errors go into the analysis."""
    if not rows or not any(rows[0]):
        analysis.errors.append(RowError(1, "–", _("The file has no header row.")))
        return {}
    columns = {}
    for index, header in enumerate(rows[0]):
        if not layout.squash(header):
            continue
        key = layout.header_key(header)
        if key is None:
            analysis.unknown_columns.append(layout.squash(header))
        elif key in columns:
            analysis.errors.append(RowError(1, layout.squash(header), _("The column appears twice.")))
        else:
            columns[key] = index
    for key in layout.REQUIRED:
        if key not in columns:
            analysis.errors.append(RowError(1, layout.HEADERS[key], _("The column is missing.")))
    return columns


def _match(row: Row, reading: Reading) -> None:
    """Without an ID, the same measure text under the same challenge is the same measure (each matched once)."""
    if row.measure is not None:
        return
    state = reading.state
    challenge = state.challenge_for(state.fields_by_path.get(row.field_path), row.challenge_text)
    if challenge is None:
        return
    for candidate in state.measures_by_text.get((challenge.pk, layout.squash(row.measure_text)), []):
        if candidate.pk not in reading.matched_by_text:
            reading.matched_by_text.add(candidate.pk)
            row.measure = candidate
            return


def _compare(row: Row, state: PlanState) -> None:
    """Sets the row's state and lists its changes against the saved measure, each with old and new value."""
    measure = row.measure
    if measure is None:
        row.state = NEW
        return
    challenge = measure.challenge
    if state.path_of(challenge.field) != row.field_path or _differs(challenge.text, row.challenge_text):
        row.change(
            CHALLENGE_CHANGED,
            f"{challenge.field.full_name}: {challenge.text}",
            f"{field_full_name(*row.field_path)}: {row.challenge_text}",
        )
    elif _differs(challenge.sub_points, row.challenge_points):
        row.change(CHALLENGE_POINTS_CHANGED, challenge.sub_points, row.challenge_points)
    if _differs(measure.text, row.measure_text):
        row.change(MEASURE_CHANGED, measure.text, row.measure_text)
    if _differs(measure.sub_points, row.measure_points):
        row.change(MEASURE_POINTS_CHANGED, measure.sub_points, row.measure_points)
    _compare_columns(row, measure)
    row.state = CHANGED if row.changes else UNCHANGED


def _compare_columns(row: Row, measure: Measure) -> None:
    """The optional columns: compared only where the file has them."""
    target_group = measure.target_group.name if measure.target_group else ""
    if row.has_column(layout.TARGET_GROUP) and layout.squash(target_group).lower() != row.target_group_name.lower():
        row.change(TARGET_GROUP_CHANGED, target_group, row.target_group_name)
    if row.status and row.status != measure.status:
        row.change(STATUS_CHANGED, layout.status_label(measure.status), layout.status_label(row.status))
    indicators = measure.indicators.all()
    if row.has_column(layout.INDICATORS) and indicator_keys(indicators) != item_keys(row.indicators):
        row.change(INDICATORS_CHANGED, layout.indicators_cell(indicators), row.values[layout.INDICATORS])
    responsibilities = measure.responsibilities.all()
    if row.has_column(layout.RESPONSIBILITIES) and responsibility_keys(responsibilities) != [
        (name.lower(), role, note) for name, role, note in row.responsibilities
    ]:
        row.change(
            RESPONSIBILITIES_CHANGED,
            layout.responsibilities_cell(responsibilities),
            row.values[layout.RESPONSIBILITIES],
        )


def _check_version(row: Row) -> None:
    """A changed row whose measure was saved in the portal after the export is refused."""
    token = row.values.get(layout.VERSION, "")
    if row.state == CHANGED and token and token != layout.version_of(row.measure):
        row.error(layout.VERSION, _conflict_message(row.measure))
        row.state = INVALID


def _conflict_message(measure: Measure) -> str:
    latest = max(
        [measure.modified, measure.challenge.modified]
        + [i.modified for i in measure.indicators.all()]
        + [r.modified for r in measure.responsibilities.all()]
    )
    return _(
        "The measure was changed in the portal after this file was exported (last on %(time)s). "
        "Export the plan again and make your changes in the new file."
    ) % {"time": localize(localtime(latest))}


def _differs(saved: str, read: str) -> bool:
    return layout.squash(saved) != layout.squash(read)


def heading_key(heading: str) -> str:
    return layout.squash(heading).rstrip(":").strip()


def indicator_keys(indicators) -> list[tuple[str, str]]:
    return [(heading_key(i.group_heading), layout.squash(i.text)) for i in indicators]


def item_keys(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(heading_key(heading), layout.squash(text)) for heading, text in items]


def responsibility_keys(responsibilities) -> list[tuple[str, str, str]]:
    return [(layout.squash(r.actor.name).lower(), r.role, layout.squash(r.note)) for r in responsibilities]
