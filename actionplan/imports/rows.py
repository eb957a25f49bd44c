"""What the analysis says about the file and each of its rows."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import spreadsheet as layout
from ..models import Challenge, Measure

NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"

# `progress(done, total, step)`: how far an import has come, for the page of a job that runs it.
Progress = Callable[[int, int, str], None]
CHECKING, WRITING = "checking", "writing"
STEP_LABELS: dict[str, Promise] = {
    CHECKING: gettext_lazy("Checking rows"),
    WRITING: gettext_lazy("Writing into the plan"),
}
# The analysis reports after this many rows, so that a progress bar moves without a write per row.
PROGRESS_EVERY = 250

# What can change in a row: codes for the logic, labels for the preview.
CHALLENGE_CHANGED = "challenge"
CHALLENGE_POINTS_CHANGED = "challenge_points"
MEASURE_CHANGED = "measure"
MEASURE_POINTS_CHANGED = "measure_points"
TARGET_GROUP_CHANGED = "target_group"
STATUS_CHANGED = "status"
INDICATORS_CHANGED = "indicators"
RESPONSIBILITIES_CHANGED = "responsibilities"
CHANGE_LABELS: dict[str, Promise] = {
    CHALLENGE_CHANGED: gettext_lazy("Problem/challenge or field of action"),
    CHALLENGE_POINTS_CHANGED: gettext_lazy("Sub-points of the challenge"),
    MEASURE_CHANGED: gettext_lazy("Measure"),
    MEASURE_POINTS_CHANGED: gettext_lazy("Sub-points of the measure"),
    TARGET_GROUP_CHANGED: gettext_lazy("Target group"),
    STATUS_CHANGED: gettext_lazy("Status"),
    INDICATORS_CHANGED: gettext_lazy("Indicators"),
    RESPONSIBILITIES_CHANGED: gettext_lazy("Responsibilities"),
}
# Changes written to the indicator and responsibility rows, not to the measure's own row.
CHILD_CHANGES = {INDICATORS_CHANGED, RESPONSIBILITIES_CHANGED}


@dataclass
class Change:
    """A changed cell of a row: what is saved now and what the file says."""

    code: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self.code])


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    """One row of the file: its cells as read, then parsed, compared and finally written."""

    number: int
    values: dict[str, str]
    state: str = NEW
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # Parsed cells
    field_path: tuple[str, ...] = ()
    challenge_text: str = ""
    challenge_points: str = ""
    measure_text: str = ""
    measure_points: str = ""
    status: str | None = None
    target_group_name: str = ""
    indicators: list[tuple[str, str]] = field(default_factory=list)  # (group heading, text)
    responsibilities: list[tuple[str, str, str]] = field(default_factory=list)  # (actor name, role, note)
    # The saved measure the row matches (the analysis), or the one written for it (the import).
    measure: Measure | None = None
    # Set while writing
    challenge: Challenge | None = None
    is_new: bool = False

    @property
    def label(self) -> str:
        return self.measure_text.split("\n")[0]

    @property
    def change_codes(self) -> set[str]:
        return {change.code for change in self.changes}

    def change(self, code: str, old: str, new: str) -> None:
        self.changes.append(Change(code, old, new))

    def has_column(self, key: str) -> bool:
        return key in self.values

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, layout.HEADERS[key], message))


@dataclass
class Analysis:
    plan: object
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # file-level errors (columns)
    unknown_columns: list[str] = field(default_factory=list)
    new_actors: list[str] = field(default_factory=list)
    new_target_groups: list[str] = field(default_factory=list)
    new_fields: list[str] = field(default_factory=list)

    def rows_in(self, state: str) -> list[Row]:
        return [row for row in self.rows if row.state == state]

    @property
    def counts(self) -> dict[str, int]:
        return {state: len(self.rows_in(state)) for state in (NEW, CHANGED, UNCHANGED, INVALID)}

    @property
    def all_errors(self) -> list[RowError]:
        return [*self.errors, *(error for row in self.rows for error in row.errors)]

    @property
    def is_valid(self) -> bool:
        return not self.all_errors

    @property
    def has_changes(self) -> bool:
        return bool(self.rows_in(NEW) or self.rows_in(CHANGED))
