"""Import of an action plan from XLSX or CSV, in three layers: read → analyse → write.

- `read_table` checks size, type and row count before parsing and returns the cells as text;
- `analyse` compares every row with the plan as saved and says per row whether it is new, changed,
  unchanged or invalid (every error with row, column and a German message), and which actors and
  target groups are unknown. It writes nothing: it is the preview;
- `apply_import` runs the analysis again inside a transaction, with the plan locked, and writes
  everything or nothing.

Everything is scoped to the plan's district: ids of other districts' measures are refused, actors and
target groups are looked up and created in the district only. Rows are matched by the ID column
(exported files), or by field of action, challenge and measure text, so that importing the same file
twice changes nothing. Measures of the plan that the file does not mention stay as they are.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from integration_portal import history
from integration_portal.audit import log_event

from . import spreadsheet as layout
from .exports import plan_measures
from .models import ActionPlan, Actor, Challenge, FieldOfAction, Indicator, Measure, Responsibility, TargetGroup

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
# A zip archive that unpacks to far more than the upload limit is refused unread.
MAX_UNPACKED_BYTES = 20 * MAX_BYTES


def import_done_message(*, created: int, changed: int) -> str:
    """“Import abgeschlossen: 1 neue Maßnahme, 2 geänderte Maßnahmen.” in the active language."""
    new = ngettext("%(count)s new measure", "%(count)s new measures", created) % {"count": created}
    changed_text = ngettext("%(count)s changed measure", "%(count)s changed measures", changed) % {"count": changed}
    return _("Import done: %(new)s, %(changed)s.") % {"new": new, "changed": changed_text}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in German."""


# Reading ----------------------------------------------------------------------------------------


def read_table(data, filename):
    """The rows of the file (header first) as lists of strings. Raises ImportFileError."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise ImportFileError(_("Only XLSX and CSV files can be imported."))


def _too_many_rows():
    return ImportFileError(_("The file has more than %(max)s rows; split it into several files.") % {"max": MAX_ROWS})


def _read_xlsx(data):
    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("The file is no XLSX file. Save it in Excel as “Excel-Arbeitsmappe (.xlsx)”."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(_("The file unpacks to more than allowed and was not read."))
        # openpyxl parses the XML with defusedxml when it is installed (it is pinned in requirements.txt).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise _too_many_rows()
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append([layout.unescape_cell(value) for value in values])
        workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:  # a broken archive or sheet, whatever the library raises
        raise ImportFileError(_("The XLSX file is damaged and cannot be read.")) from exc
    return rows


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ImportFileError(_("The file is no CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    rows = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append([layout.unescape_cell(value) for value in values])
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is damaged and cannot be read.")) from exc
    return rows


# Analysis ---------------------------------------------------------------------------------------


NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    number: int
    values: dict
    state: str = NEW
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    measure: object = None  # the existing measure, if any
    # Parsed cells
    field_path: tuple = ()
    challenge_text: str = ""
    challenge_points: str = ""
    measure_text: str = ""
    measure_points: str = ""

    @property
    def label(self):
        return self.measure_text.split("\n")[0]


@dataclass
class Analysis:
    plan: object
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # file-level errors (columns)
    unknown_columns: list = field(default_factory=list)
    new_actors: list = field(default_factory=list)
    new_target_groups: list = field(default_factory=list)
    new_fields: list = field(default_factory=list)

    def rows_in(self, state):
        return [row for row in self.rows if row.state == state]

    @property
    def counts(self):
        return {state: len(self.rows_in(state)) for state in (NEW, CHANGED, UNCHANGED, INVALID)}

    @property
    def all_errors(self):
        return [*self.errors, *(error for row in self.rows for error in row.errors)]

    @property
    def is_valid(self):
        return not self.all_errors

    @property
    def has_changes(self):
        return bool(self.rows_in(NEW) or self.rows_in(CHANGED))


class PlanState:
    """The plan and the district's actors and target groups as saved, loaded in a fixed number of queries."""

    def __init__(self, plan):
        self.plan = plan
        district_id = plan.district_id
        self.fields = list(FieldOfAction.objects.filter(plan=plan).select_related("parent"))
        self.fields_by_path = {self.path_of(f): f for f in self.fields}
        self.challenges = list(Challenge.objects.filter(field__plan=plan))
        self.challenges_by_text = {}
        for challenge in self.challenges:
            self.challenges_by_text.setdefault((challenge.field_id, layout.squash(challenge.text)), challenge)
        self.measures = list(plan_measures(plan))
        self.measures_by_text = {}
        for measure in self.measures:
            self.measures_by_text.setdefault((measure.challenge_id, layout.squash(measure.text)), []).append(measure)
        self.measures_by_id = {m.pk: m for m in self.measures}
        self.actors = list(Actor.objects.filter(district_id=district_id))
        self.actors_by_name = {layout.squash(a.name).lower(): a for a in self.actors}
        short_names = {}
        for actor in self.actors:
            if actor.short_name:
                short_names.setdefault(layout.squash(actor.short_name).lower(), []).append(actor)
        # A short name finds an actor only where it is unambiguous.
        self.actors_by_short_name = {key: found[0] for key, found in short_names.items() if len(found) == 1}
        self.target_groups = {
            layout.squash(t.name).lower(): t for t in TargetGroup.objects.filter(district_id=district_id)
        }

    @staticmethod
    def path_of(field_of_action):
        if field_of_action.parent_id:
            return (layout.squash(field_of_action.parent.name), layout.squash(field_of_action.name))
        return (layout.squash(field_of_action.name),)

    def actor(self, name):
        key = layout.squash(name).lower()
        return self.actors_by_name.get(key) or self.actors_by_short_name.get(key)

    def challenge_for(self, field_of_action, text):
        if field_of_action is None:
            return None
        return self.challenges_by_text.get((field_of_action.pk, layout.squash(text)))


def _split_field(text):
    parts = [layout.squash(part) for part in text.split(layout.FIELD_SEPARATOR.strip()) if layout.squash(part)]
    if len(parts) > 2:
        return None
    return tuple(parts)


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def analyse(*, plan, rows):
    """The preview: per row new/changed/unchanged/invalid with its changes or errors. Writes nothing."""
    analysis = Analysis(plan=plan)
    if not rows or not any(rows[0]):
        analysis.errors.append(RowError(1, "–", _("The file has no header row.")))
        return analysis
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
    if analysis.errors:
        return analysis

    state = PlanState(plan)
    known_names = set(state.actors_by_name) | set(state.actors_by_short_name)
    new_actor_names = {}
    new_target_groups = {}
    new_fields = {}
    statuses = {label.lower(): value for label, value in layout.status_labels().items()}
    statuses.update({value: value for value in Measure.Status.values})
    previous_field, previous_challenge = "", ""
    seen_ids = set()

    for offset, values in enumerate(rows[1:], start=2):
        cells = {key: (values[index] if index < len(values) else "") for key, index in columns.items()}
        cells = {key: str(value).strip() for key, value in cells.items()}
        if not any(cells.values()):
            continue
        row = Row(number=offset, values=cells)
        analysis.rows.append(row)

        def error(key, message, row=row):
            row.errors.append(RowError(row.number, layout.HEADERS[key], message))

        # Empty Handlungsfeld or Problem cells continue the row above, as in merged table cells.
        field_text = cells[layout.FIELD] or previous_field
        challenge_cell = cells[layout.CHALLENGE] or (previous_challenge if not cells[layout.FIELD] else "")
        previous_field, previous_challenge = field_text, challenge_cell
        if not field_text:
            error(layout.FIELD, _("Give the field of action."))
        else:
            path = _split_field(field_text)
            if path is None:
                error(layout.FIELD, _("A field of action can have one parent field only (“Parent – Sub-field”)."))
            elif any(len(part) > _max_length(FieldOfAction, "name") for part in path):
                error(layout.FIELD, _("The name is longer than 200 characters."))
            else:
                row.field_path = path
        row.challenge_text, row.challenge_points = layout.parse_text_cell(challenge_cell)
        if not row.challenge_text:
            error(layout.CHALLENGE, _("Give the problem or challenge."))
        row.measure_text, row.measure_points = layout.parse_text_cell(cells[layout.MEASURE])
        if not row.measure_text:
            error(layout.MEASURE, _("Give the measure."))

        if layout.ID in columns and cells[layout.ID]:
            raw_id = cells[layout.ID].removesuffix(".0")
            measure = state.measures_by_id.get(int(raw_id)) if raw_id.isdigit() else None
            if measure is None:
                error(layout.ID, _("“%(id)s” is no measure of this action plan.") % {"id": cells[layout.ID]})
            elif measure.pk in seen_ids:
                error(layout.ID, _("The measure appears twice in the file."))
            else:
                seen_ids.add(measure.pk)
                row.measure = measure

        status = None
        if layout.STATUS in columns and cells[layout.STATUS]:
            status = statuses.get(cells[layout.STATUS].lower())
            if status is None:
                error(
                    layout.STATUS,
                    _("“%(value)s” is no status; allowed: %(allowed)s.")
                    % {"value": cells[layout.STATUS], "allowed": ", ".join(layout.status_labels())},
                )
        row.status = status

        row.target_group_name = layout.squash(cells.get(layout.TARGET_GROUP, ""))
        if row.target_group_name and len(row.target_group_name) > _max_length(TargetGroup, "name"):
            error(layout.TARGET_GROUP, _("The target group is longer than 300 characters."))

        row.indicators = layout.parse_indicators_cell(cells.get(layout.INDICATORS, ""))
        for heading, _text in row.indicators:
            if len(heading) > _max_length(Indicator, "group_heading"):
                error(layout.INDICATORS, _("A sub-heading is longer than 300 characters."))
                break

        def is_known(name):
            return name.lower() in known_names or name.lower() in new_actor_names

        row.responsibilities = layout.parse_responsibilities_cell(cells.get(layout.RESPONSIBILITIES, ""), is_known)
        seen_pairs = set()
        for name, role, note in row.responsibilities:
            if len(name) > _max_length(Actor, "name"):
                error(layout.RESPONSIBILITIES, _("The actor name “%(name)s…” is too long.") % {"name": name[:40]})
            elif len(note) > _max_length(Responsibility, "note"):
                error(layout.RESPONSIBILITIES, _("A note is longer than 300 characters."))
            if state.actor(name) is None and name.lower() not in new_actor_names:
                new_actor_names[name.lower()] = name
            known = state.actor(name)
            key = (known.pk if known else name.lower(), role)
            if key in seen_pairs:
                error(
                    layout.RESPONSIBILITIES,
                    _("“%(name)s” is named twice with the same role.") % {"name": name},
                )
            seen_pairs.add(key)

        if row.errors:
            row.state = INVALID
            continue
        if row.target_group_name and row.target_group_name.lower() not in state.target_groups:
            new_target_groups.setdefault(row.target_group_name.lower(), row.target_group_name)
        if row.field_path not in state.fields_by_path:
            new_fields.setdefault(row.field_path, FieldOfAction.full_name.fget(_FieldName(row.field_path)))
        _compare(row, state, columns)

        if row.measure is not None and row.state == CHANGED and layout.VERSION in columns:
            token = cells.get(layout.VERSION, "")
            if token and token != layout.version_of(row.measure):
                error(layout.VERSION, _conflict_message(row.measure))
                row.state = INVALID

    analysis.new_actors = sorted(new_actor_names.values(), key=str.lower)
    analysis.new_target_groups = sorted(new_target_groups.values(), key=str.lower)
    analysis.new_fields = list(new_fields.values())
    return analysis


class _FieldName:
    """Stands in for a field of action not yet saved, to name it like `FieldOfAction.full_name`."""

    def __init__(self, path):
        self.parent_id = len(path) == 2 or None
        self.parent = _FieldName(path[:1]) if len(path) == 2 else None
        self.name = path[-1]


def _conflict_message(measure):
    latest = max(
        [measure.modified, measure.challenge.modified]
        + [i.modified for i in measure.indicators.all()]
        + [r.modified for r in measure.responsibilities.all()]
    )
    return _(
        "The measure was changed in the portal after this file was exported (last on %(time)s). "
        "Export the plan again and make your changes in the new file."
    ) % {"time": localize(localtime(latest))}


def _compare(row, state, columns):
    """Sets the row's state and lists its changes against the saved measure."""
    measure = row.measure
    if measure is None:
        field_of_action = state.fields_by_path.get(row.field_path)
        challenge = state.challenge_for(field_of_action, row.challenge_text)
        if challenge is not None:
            # The same measure text under the same challenge is the same measure (files without IDs).
            for candidate in state.measures_by_text.get((challenge.pk, layout.squash(row.measure_text)), []):
                if not getattr(candidate, "_matched", False):
                    measure = candidate
                    candidate._matched = True
                    break
        row.measure = measure
    if measure is None:
        row.state = NEW
        return
    changes = row.changes
    if state.path_of(measure.challenge.field) != row.field_path or layout.squash(
        measure.challenge.text
    ) != layout.squash(row.challenge_text):
        changes.append(_("Problem/challenge or field of action"))
    elif layout.squash(measure.challenge.sub_points) != layout.squash(row.challenge_points):
        changes.append(_("Sub-points of the challenge"))
    if layout.squash(measure.text) != layout.squash(row.measure_text):
        changes.append(_("Measure"))
    if layout.squash(measure.sub_points) != layout.squash(row.measure_points):
        changes.append(_("Sub-points of the measure"))
    if layout.TARGET_GROUP in columns:
        current = measure.target_group.name if measure.target_group else ""
        if layout.squash(current).lower() != row.target_group_name.lower():
            changes.append(_("Target group"))
    if row.status and row.status != measure.status:
        changes.append(_("Status"))
    if layout.INDICATORS in columns and _indicator_keys(measure.indicators.all()) != _item_keys(row.indicators):
        changes.append(_("Indicators"))
    if layout.RESPONSIBILITIES in columns and _responsibility_keys(measure.responsibilities.all()) != [
        (name.lower(), role, note) for name, role, note in row.responsibilities
    ]:
        changes.append(_("Responsibilities"))
    row.state = CHANGED if changes else UNCHANGED


def _heading_key(heading):
    return layout.squash(heading).rstrip(":").strip()


def _indicator_keys(indicators):
    return [(_heading_key(i.group_heading), layout.squash(i.text)) for i in indicators]


def _item_keys(items):
    return [(_heading_key(heading), layout.squash(text)) for heading, text in items]


def _responsibility_keys(responsibilities):
    return [(layout.squash(r.actor.name).lower(), r.role, layout.squash(r.note)) for r in responsibilities]


# Writing ----------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    analysis: Analysis
    created: int = 0
    changed: int = 0


def apply_import(*, plan, rows, user=None, path=history.IMPORT, filename=""):
    """Writes the file into the plan, all or nothing; if `analysis.is_valid` is False, nothing is written."""
    with transaction.atomic(), history.history_path(path):
        # One import per plan at a time; rows saved by others meanwhile are found by the analysis.
        ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
        analysis = analyse(plan=plan, rows=rows)
        result = ImportResult(analysis)
        if analysis.is_valid and analysis.has_changes:
            _Writer(analysis, user, path).write(result)
        log_event(
            "import",
            user=user,
            plan=plan.pk,
            file=filename,
            path=path,
            valid=analysis.is_valid,
            new=result.created,
            changed=result.changed,
        )
        return result


class _Writer:
    def __init__(self, analysis, user, path):
        self.analysis = analysis
        self.plan = analysis.plan
        self.district_id = self.plan.district_id
        self.user = user
        self.path = path
        self.state = PlanState(self.plan)

    def _bulk(self, objects, model):
        if not objects:
            return []
        return bulk_create_with_history(objects, model, default_user=self.user, default_change_reason=self.path)

    def _save(self, obj):
        obj._history_user = self.user
        obj.save()

    def write(self, result):
        state = self.state
        # Actors and target groups first: rows refer to them.
        actors = [
            Actor(district_id=self.district_id, name=name[: _max_length(Actor, "name")])
            for name in self.analysis.new_actors
        ]
        for actor in self._bulk(actors, Actor):
            state.actors_by_name[layout.squash(actor.name).lower()] = actor
        groups = [TargetGroup(district_id=self.district_id, name=name) for name in self.analysis.new_target_groups]
        for group in self._bulk(groups, TargetGroup):
            state.target_groups[layout.squash(group.name).lower()] = group

        rows = [row for row in self.analysis.rows if row.state in (NEW, CHANGED)]
        field_order = max([f.order for f in state.fields], default=0)
        for row in rows:
            for depth in range(1, len(row.field_path) + 1):
                path = row.field_path[:depth]
                if path in state.fields_by_path:
                    continue
                field_order += 1
                parent = state.fields_by_path[path[:1]] if depth == 2 else None
                new_field = FieldOfAction(
                    district_id=self.district_id, plan=self.plan, parent=parent, name=path[-1], order=field_order
                )
                self._save(new_field)
                state.fields_by_path[path] = new_field

        # Challenges: found by text in their field, or created in file order.
        challenge_orders = {}
        for challenge in state.challenges:
            challenge_orders[challenge.field_id] = max(challenge_orders.get(challenge.field_id, 0), challenge.order)
        new_challenges = {}
        # Challenge texts the file still uses; a challenge whose text no row uses any more is renamed.
        texts_in_file = {
            (state.fields_by_path[row.field_path].pk, layout.squash(row.challenge_text))
            for row in self.analysis.rows
            if row.field_path in state.fields_by_path
        }
        # …and only if every measure of it is in the file: a partial file must not rename others' challenge.
        measures_in_file = {row.measure.pk for row in self.analysis.rows if row.measure is not None}
        measures_of = {}
        for measure in state.measures:
            measures_of.setdefault(measure.challenge_id, set()).add(measure.pk)
        for row in rows:
            field_of_action = state.fields_by_path[row.field_path]
            challenge = state.challenge_for(field_of_action, row.challenge_text)
            key = (field_of_action.pk, layout.squash(row.challenge_text))
            if challenge is None:
                challenge = new_challenges.get(key)
            if challenge is None and row.measure is not None:
                old = row.measure.challenge
                old_key = (old.field_id, layout.squash(old.text))
                if (
                    old.field_id == field_of_action.pk
                    and old_key not in texts_in_file
                    and measures_of.get(old.pk, set()) <= measures_in_file
                ):
                    challenge = state.challenges_by_text.pop(old_key, None)
                    if challenge is not None:
                        challenge.text, challenge.sub_points = row.challenge_text, row.challenge_points
                        self._save(challenge)
                        state.challenges_by_text[key] = challenge
            if challenge is None:
                challenge_orders[field_of_action.pk] = challenge_orders.get(field_of_action.pk, 0) + 1
                challenge = Challenge(
                    district_id=self.district_id,
                    field=field_of_action,
                    text=row.challenge_text,
                    sub_points=row.challenge_points,
                    order=challenge_orders[field_of_action.pk],
                )
                new_challenges[key] = challenge
            elif challenge.pk and layout.squash(challenge.sub_points) != layout.squash(row.challenge_points):
                challenge.sub_points = row.challenge_points
                self._save(challenge)
            row.challenge = challenge
        self._bulk(list(new_challenges.values()), Challenge)

        # Measures
        measure_orders = {}
        for measure in state.measures:
            measure_orders[measure.challenge_id] = max(measure_orders.get(measure.challenge_id, 0), measure.order)
        new_measures = []
        for row in rows:
            target_group = state.target_groups.get(row.target_group_name.lower()) if row.target_group_name else None
            measure = row.measure
            if measure is None:
                measure_orders[row.challenge.pk] = measure_orders.get(row.challenge.pk, 0) + 1
                measure = Measure(
                    district_id=self.district_id,
                    challenge=row.challenge,
                    text=row.measure_text,
                    sub_points=row.measure_points,
                    status=row.status or Measure.Status.PLANNED,
                    target_group=target_group,
                    order=measure_orders[row.challenge.pk],
                )
                new_measures.append(measure)
                row.measure = measure
                row.is_new = True
                result.created += 1
            else:
                row.is_new = False
                result.changed += 1
                measure.challenge = row.challenge
                measure.text = row.measure_text
                measure.sub_points = row.measure_points
                if row.status:
                    measure.status = row.status
                if "target_group" in row.values:
                    measure.target_group = target_group
                if any(label not in (_("Indicators"), _("Responsibilities")) for label in row.changes):
                    self._save(measure)
        self._bulk(new_measures, Measure)

        # Indicators and responsibilities of new and changed measures.
        indicators, responsibilities = [], []
        for row in rows:
            measure = row.measure
            if "indicators" in row.values:
                indicators += self._indicators(row, [] if row.is_new else list(measure.indicators.all()))
            if "responsibilities" in row.values:
                responsibilities += self._responsibilities(
                    row, [] if row.is_new else list(measure.responsibilities.all())
                )
        self._bulk(indicators, Indicator)
        self._bulk(responsibilities, Responsibility)

    def _indicators(self, row, existing):
        """New indicators to create; existing ones are kept (with their figures), reordered or deleted."""
        wanted = _item_keys(row.indicators)
        if _indicator_keys(existing) == wanted:
            return []
        available = {}
        for indicator in existing:
            available.setdefault((_heading_key(indicator.group_heading), layout.squash(indicator.text)), []).append(
                indicator
            )
        created, kept = [], set()
        for order, ((heading, text), key) in enumerate(zip(row.indicators, wanted, strict=True), start=1):
            match = available.get(key)
            if match:
                indicator = match.pop(0)
                kept.add(indicator.pk)
                if indicator.order != order:
                    indicator.order = order
                    self._save(indicator)
            else:
                created.append(
                    Indicator(
                        district_id=self.district_id, measure=row.measure, group_heading=heading, text=text, order=order
                    )
                )
        for indicator in existing:
            if indicator.pk not in kept:
                indicator._history_user = self.user
                indicator.delete()
        return created

    def _responsibilities(self, row, existing):
        state = self.state
        wanted = [(state.actor(name), role, note) for name, role, note in row.responsibilities]
        if [(r.actor_id, r.role, layout.squash(r.note)) for r in existing] == [
            (actor.pk, role, note) for actor, role, note in wanted
        ]:
            return []
        available = {}
        for responsibility in existing:
            available.setdefault((responsibility.actor_id, responsibility.role), responsibility)
        created, kept = [], set()
        for order, (actor, role, note) in enumerate(wanted, start=1):
            responsibility = available.pop((actor.pk, role), None)
            if responsibility is not None:
                kept.add(responsibility.pk)
                if responsibility.order != order or layout.squash(responsibility.note) != note:
                    responsibility.order, responsibility.note = order, note
                    self._save(responsibility)
            else:
                created.append(
                    Responsibility(
                        district_id=self.district_id,
                        measure=row.measure,
                        actor=actor,
                        role=role,
                        note=note,
                        order=order,
                    )
                )
        for responsibility in existing:
            if responsibility.pk not in kept:
                responsibility._history_user = self.user
                responsibility.delete()
        return created
