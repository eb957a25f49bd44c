"""One reader per column: it parses the cell into the row and records what is wrong with it.

A reader writes nothing to the database; `Reading` carries what the rows read so far have found.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .. import spreadsheet as layout
from ..models import Actor, FieldOfAction, Indicator, Measure, Responsibility, TargetGroup
from .rows import Row
from .state import PlanState


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _statuses() -> dict[str, str]:
    """Status values by German label (any case) and by value."""
    statuses = {label.lower(): value for label, value in layout.status_labels().items()}
    statuses.update({value: value for value in Measure.Status.values})
    return statuses


@dataclass
class Reading:
    """The state of a pass over the rows, from the first to the last."""

    state: PlanState
    statuses: dict[str, str] = field(default_factory=_statuses)
    new_actor_names: dict[str, str] = field(default_factory=dict)  # lower-case name -> name
    seen_ids: set[int] = field(default_factory=set)  # measures named by their ID
    matched_by_text: set[int] = field(default_factory=set)  # measures found by field, challenge and text
    previous_field: str = ""
    previous_challenge: str = ""

    def carry(self, cells: dict[str, str]) -> tuple[str, str]:
        """(field, challenge) of a row: empty cells continue the row above, as in merged table cells."""
        field_text = cells[layout.FIELD] or self.previous_field
        challenge_cell = cells[layout.CHALLENGE] or (self.previous_challenge if not cells[layout.FIELD] else "")
        self.previous_field, self.previous_challenge = field_text, challenge_cell
        return field_text, challenge_cell


def read_field(row: Row, text: str) -> None:
    if not text:
        row.error(layout.FIELD, _("Give the field of action."))
        return
    parts = [layout.squash(part) for part in text.split(layout.FIELD_SEPARATOR.strip()) if layout.squash(part)]
    if len(parts) > 2:
        row.error(layout.FIELD, _("A field of action can have one parent field only (“Parent – Sub-field”)."))
    elif any(len(part) > _max_length(FieldOfAction, "name") for part in parts):
        row.error(layout.FIELD, _("The name is longer than 200 characters."))
    else:
        row.field_path = tuple(parts)


def read_challenge(row: Row, cell: str) -> None:
    row.challenge_text, row.challenge_points = layout.parse_text_cell(cell)
    if not row.challenge_text:
        row.error(layout.CHALLENGE, _("Give the problem or challenge."))


def read_measure(row: Row, cell: str) -> None:
    row.measure_text, row.measure_points = layout.parse_text_cell(cell)
    if not row.measure_text:
        row.error(layout.MEASURE, _("Give the measure."))


def read_id(row: Row, cell: str, reading: Reading) -> None:
    """An exported file's ID finds the measure; only measures of this plan, each once."""
    if not cell:
        return
    raw_id = cell.removesuffix(".0")
    measure = reading.state.measures_by_id.get(int(raw_id)) if raw_id.isdigit() else None
    if measure is None:
        row.error(layout.ID, _("“%(id)s” is no measure of this action plan.") % {"id": cell})
    elif measure.pk in reading.seen_ids:
        row.error(layout.ID, _("The measure appears twice in the file."))
    else:
        reading.seen_ids.add(measure.pk)
        row.measure = measure


def read_status(row: Row, cell: str, reading: Reading) -> None:
    if not cell:
        return
    row.status = reading.statuses.get(cell.lower())
    if row.status is None:
        allowed = ", ".join(layout.status_labels())
        row.error(
            layout.STATUS, _("“%(value)s” is no status; allowed: %(allowed)s.") % {"value": cell, "allowed": allowed}
        )


def read_target_group(row: Row, cell: str) -> None:
    row.target_group_name = layout.squash(cell)
    if len(row.target_group_name) > _max_length(TargetGroup, "name"):
        row.error(layout.TARGET_GROUP, _("The target group is longer than 300 characters."))


def read_indicators(row: Row, cell: str) -> None:
    row.indicators = layout.parse_indicators_cell(cell)
    if any(len(heading) > _max_length(Indicator, "group_heading") for heading, _text in row.indicators):
        row.error(layout.INDICATORS, _("A sub-heading is longer than 300 characters."))


def read_responsibilities(row: Row, cell: str, reading: Reading) -> None:
    """Actors unknown in the district are noted as new; an actor named twice with one role is refused."""
    state, new_names = reading.state, reading.new_actor_names
    parsed = layout.parse_responsibilities_cell(cell, lambda name: state.knows_actor(name) or name.lower() in new_names)
    # A known actor, however the cell names it (full name, short name or both), is compared by its name.
    row.responsibilities = [(getattr(state.actor(name), "name", name), role, note) for name, role, note in parsed]
    seen_pairs = set()
    for name, role, note in row.responsibilities:
        if len(name) > _max_length(Actor, "name"):
            row.error(layout.RESPONSIBILITIES, _("The actor name “%(name)s…” is too long.") % {"name": name[:40]})
        elif len(note) > _max_length(Responsibility, "note"):
            row.error(layout.RESPONSIBILITIES, _("A note is longer than 300 characters."))
        known = state.actor(name)
        if known is None:
            new_names.setdefault(name.lower(), name)
        key = (known.pk if known else name.lower(), role)
        if key in seen_pairs:
            row.error(layout.RESPONSIBILITIES, _("“%(name)s” is named twice with the same role.") % {"name": name})
        seen_pairs.add(key)


def read_row(row: Row, reading: Reading) -> None:
    """Every column of the row, in the order of the file's layout."""
    cells = row.values
    field_text, challenge_cell = reading.carry(cells)
    read_field(row, field_text)
    read_challenge(row, challenge_cell)
    read_measure(row, cells[layout.MEASURE])
    read_id(row, cells.get(layout.ID, ""), reading)
    read_status(row, cells.get(layout.STATUS, ""), reading)
    read_target_group(row, cells.get(layout.TARGET_GROUP, ""))
    read_indicators(row, cells.get(layout.INDICATORS, ""))
    read_responsibilities(row, cells.get(layout.RESPONSIBILITIES, ""), reading)
