"""The Synopse laid out for reading: one section per field of action, one row per challenge and measure,
each row with the lines of the earlier and of the new version and the changes named in it."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import field_full_name
from .diff import ADDED, CHANGED, MOVED, REMOVED, RENAMED, SPLIT, Change, diff
from .items import CHALLENGE, FIELD, INDICATOR, MEASURE, PLAN, RESPONSIBILITY, Item, Snapshot
from .words import DELETE, EQUAL, INSERT, Segment, word_diff

KIND_LABELS = {
    ADDED: _("added"),
    REMOVED: _("removed"),
    MOVED: _("moved"),
    RENAMED: _("renamed"),
    CHANGED: _("changed"),
    SPLIT: _("split"),
}
ITEM_LABELS = {
    PLAN: _("Plan"),
    FIELD: _("Field of action"),
    CHALLENGE: _("Challenge"),
    MEASURE: _("Measure"),
    INDICATOR: _("Indicator"),
    RESPONSIBILITY: _("Responsibility"),
}
ATTRIBUTE_LABELS = {
    "title": _("title"),
    "introduction": _("introduction"),
    "acknowledgement": _("closing words"),
    "name": _("name"),
    "description": _("description"),
    "text": _("text"),
    "sub_points": _("sub-points"),
    "target_group": _("target group"),
    "unit": _("unit"),
    "baseline": _("baseline"),
    "target": _("target value"),
    "actor": _("actor"),
    "role": _("role"),
    "note": _("note"),
}
# An unchanged measure is one line of at most this many characters.
COLLAPSED_CHARACTERS = 110


@dataclass
class Line:
    """One printed line of a row (a text, an indicator, a responsibility) as segments of both versions."""

    label: str
    segments: list[Segment]

    @property
    def old(self) -> list[Segment]:
        return [segment for segment in self.segments if segment.op != INSERT]

    @property
    def new(self) -> list[Segment]:
        return [segment for segment in self.segments if segment.op != DELETE]

    @property
    def changed(self) -> bool:
        return any(segment.op != EQUAL for segment in self.segments)


@dataclass
class Note:
    """A change named in a row: “Indikator verschoben (bisher: …)”."""

    kind: str
    text: str


def has_changes(notes: list[Note], parts: list) -> bool:
    """A row or section is changed when it names a change itself or any of its lines or rows is changed."""
    return bool(notes) or any(part.changed for part in parts)


@dataclass
class Row:
    kind: str
    key: str
    lines: list[Line]
    notes: list[Note]
    summary: str = ""

    changed = property(lambda self: has_changes(self.notes, self.lines))


@dataclass
class Section:
    """A field of action (or the plan's own texts) with its rows; `old_name`/`new_name` differ if renamed."""

    key: str
    old_name: str
    new_name: str
    top_key: str
    notes: list[Note] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    changed = property(lambda self: has_changes(self.notes, self.rows))


@dataclass
class Synopsis:
    old_name: str
    new_name: str
    changes: list[Change]
    sections: list[Section]

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(kind label, number of changes) of the kinds that occur, in a fixed order."""
        counted = Counter(change.kind for change in self.changes)
        return [(KIND_LABELS[kind], counted[kind]) for kind in KIND_LABELS if counted[kind]]

    def filtered(self, *, changed_only: bool = False, field_key: str = "") -> list[Section]:
        """The sections to show: of one top-level field (and its sub-fields), and only what changed."""
        sections = [section for section in self.sections if not field_key or section.top_key == field_key]
        if not changed_only:
            return sections
        kept = []
        for section in sections:
            rows = _changed_rows(section.rows)
            if rows or section.notes:
                kept.append(
                    Section(section.key, section.old_name, section.new_name, section.top_key, section.notes, rows)
                )
        return kept

    @property
    def field_choices(self) -> list[tuple[str, str]]:
        """(key, name) of the top-level fields of both versions, for the filter."""
        return [
            (section.key, section.new_name or section.old_name)
            for section in self.sections
            if section.key == section.top_key
        ]


def _changed_rows(rows: list[Row]) -> list[Row]:
    """The changed rows, each changed measure with its challenge's row before it for context."""
    kept, challenge = [], None
    for row in rows:
        if row.kind == CHALLENGE:
            challenge = row
        if not row.changed:
            continue
        if row is not challenge and challenge is not None and not any(kept_row is challenge for kept_row in kept):
            kept.append(challenge)
        kept.append(row)
    return kept


def _children(snapshot: Snapshot) -> dict[str, list[Item]]:
    children: dict[str, list[Item]] = {}
    for item in snapshot.items.values():
        children.setdefault(item.parent, []).append(item)
    return children


class _Builder:
    """Builds the sections of two snapshots and their changes; one pass over each version's items."""

    def __init__(self, old: Snapshot, new: Snapshot, changes: list[Change]):
        self.old, self.new = old, new
        self.changes = {change.key: change for change in changes}
        self.old_children, self.new_children = _children(old), _children(new)
        self.split_off = {part.key for change in changes if change.kind == SPLIT for part in change.parts}

    def sections(self) -> list[Section]:
        sections = [self.plan_section()] if self.changes.get(PLAN) else []
        fields = self.new.of_kind(FIELD) + [item for item in self.old.of_kind(FIELD) if not self.new.get(item.key)]
        return sections + [self.field_section(item) for item in fields]

    def plan_section(self) -> Section:
        change = self.changes[PLAN]
        lines = [Line(ATTRIBUTE_LABELS[attribute.name], list(attribute.segments)) for attribute in change.attributes]
        name = str(ITEM_LABELS[PLAN])
        return Section(PLAN, name, name, "", [], [Row(PLAN, PLAN, lines, [self.note(change)])])

    def field_section(self, item: Item) -> Section:
        old, new = self.old.get(item.key), self.new.get(item.key)
        change = self.changes.get(item.key)
        section = Section(item.key, _full_name(self.old, old), _full_name(self.new, new), item.field_key)
        if change:
            section.notes.append(self.note(change))
            section.rows.extend(self.description_rows(change))
        for challenge in self.both(item.key, CHALLENGE):
            section.rows.append(self.challenge_row(challenge))
            section.rows.extend(self.measure_row(measure) for measure in self.measures_of(challenge.key))
        return section

    def description_rows(self, change: Change) -> list[Row]:
        lines = [
            Line(ATTRIBUTE_LABELS["description"], list(a.segments))
            for a in change.attributes
            if a.name == "description"
        ]
        return [Row(FIELD, change.key, lines, [])] if lines else []

    def both(self, parent: str, kind: str) -> list[Item]:
        """The items of `kind` in `parent` in the new version's order, then those only the old one has there."""
        new = [item for item in self.new_children.get(parent, []) if item.kind == kind]
        old = [item for item in self.old_children.get(parent, []) if item.kind == kind and not self.new.get(item.key)]
        return new + old

    def measures_of(self, challenge_key: str) -> list[Item]:
        """The challenge's measures; a measure split off another is shown in its origin's row."""
        return [measure for measure in self.both(challenge_key, MEASURE) if measure.key not in self.split_off]

    def challenge_row(self, item: Item) -> Row:
        old, new = self.old.get(item.key), self.new.get(item.key)
        lines = [self.attribute_line(old, new, name) for name in ("text", "sub_points")]
        return self.row(item, [line for line in lines if line.segments], [])

    def measure_row(self, item: Item) -> Row:
        if not self.touched(item.key):
            return Row(item.kind, item.key, [], [], Truncator(item.label).chars(COLLAPSED_CHARACTERS))
        old, new = self.old.get(item.key), self.new.get(item.key)
        lines = [self.attribute_line(old, new, name) for name in ("text", "sub_points", "target_group")]
        lines = [line for line in lines if line.segments]
        children = self.part_lines(item.key)
        change = self.changes.get(item.key)
        for part in change.parts if change else []:
            lines.append(Line(str(_("Measure split off")), word_diff("", part.value("text"))))
            lines.extend(self.part_lines(part.key))
        notes = [self.note(self.changes[key]) for key in children if key in self.changes]
        return self.row(item, lines + [line for line in children.values()], notes)

    def touched(self, measure_key: str) -> bool:
        """Whether the measure or one of its indicators and responsibilities is named as changed."""
        if measure_key in self.changes:
            return True
        parts = self.new_children.get(measure_key, []) + self.old_children.get(measure_key, [])
        return any(part.key in self.changes for part in parts)

    def part_lines(self, measure_key: str) -> dict[str, Line]:
        """{indicator or responsibility key: its line}, indicators first, each in the new version's order."""
        lines = {}
        for kind in (INDICATOR, RESPONSIBILITY):
            for part in self.both(measure_key, kind):
                old, new = self.old.get(part.key), self.new.get(part.key)
                # A responsibility's line starts with its role, which labels it already.
                label = str(ITEM_LABELS[kind]) if kind == INDICATOR else ""
                lines[part.key] = Line(label, word_diff(_part_text(old), _part_text(new)))
        return lines

    def attribute_line(self, old: Item | None, new: Item | None, name: str) -> Line:
        before, after = old.value(name) if old else "", new.value(name) if new else ""
        label = "" if name == "text" else str(ATTRIBUTE_LABELS[name])
        return Line(label, word_diff(before, after))

    def row(self, item: Item, lines: list[Line], notes: list[Note]) -> Row:
        change = self.changes.get(item.key)
        if change:
            notes.insert(0, self.note(change))
        summary = "" if notes else Truncator(item.label).chars(COLLAPSED_CHARACTERS)
        return Row(item.kind, item.key, lines, notes, summary)

    def note(self, change: Change) -> Note:
        """The change in words: “Indikator verschoben: bisher „Förderung vor der Ausbildung:“”."""
        details = []
        if change.kind == MOVED:
            details.append(_("previously: %(place)s") % {"place": self.place(change.old, change.new)})
        if change.kind == SPLIT:
            details.append(_("into %(count)s measures") % {"count": len(change.parts) + (1 if change.new else 0)})
        if change.attributes:
            details.append(", ".join(str(ATTRIBUTE_LABELS[name]) for name in change.changed_names))
        text = _("%(item)s %(kind)s") % {"item": ITEM_LABELS[change.item_kind], "kind": KIND_LABELS[change.kind]}
        return Note(change.kind, f"{text}: {'; '.join(str(detail) for detail in details)}" if details else str(text))

    def place(self, old: Item, new: Item) -> str:
        """Where an item was in the earlier version, in words a reader finds it by."""
        if old.kind == INDICATOR and old.parent == new.parent:
            return f"„{old.place}“" if old.place else str(_("no sub-heading"))
        parent = self.old.get(old.parent)
        if parent is None:
            return str(_("top level"))
        if parent.kind == CHALLENGE:
            field_item = self.old.get(parent.parent)
            return f"{field_item.label if field_item else ''} › {Truncator(parent.label).chars(60)}"
        return Truncator(parent.label).chars(60)


def _full_name(snapshot: Snapshot, item: Item | None) -> str:
    """A sub-field's name after its parent's, as the plan prints it."""
    if item is None:
        return ""
    parent = snapshot.get(item.parent)
    return field_full_name(parent.label, item.label) if parent else item.label


def _part_text(item: Item | None) -> str:
    """An indicator or responsibility as one line: “Förderung vor der Ausbildung: Anzahl (Einheit: Kurse)”."""
    if item is None:
        return ""
    if item.kind == RESPONSIBILITY:
        note = item.value("note")
        return f"{item.value('role')}: {item.value('actor')}" + (f" ({note})" if note else "")
    figures = [
        f"{ATTRIBUTE_LABELS[name]}: {item.value(name)}" for name in ("unit", "baseline", "target") if item.value(name)
    ]
    text = f"{item.place} {item.value('text')}" if item.place else item.value("text")
    return text + (f" ({'; '.join(figures)})" if figures else "")


def synopsis(old: Snapshot, new: Snapshot) -> Synopsis:
    """The Synopse of two plan versions: their changes and the sections that show them."""
    changes = diff(old, new)
    return Synopsis(old.name, new.name, changes, _Builder(old, new, changes).sections())
