"""The differences of two plan versions, item by item, each named exactly once.

Kinds of change: added, removed, moved (another parent or sub-heading), renamed (a field's name), changed
(which attributes), split (a measure divided into several; the parts split off are not named as added).
An item that moved and changed is named once, as moved, with its changed attributes.
"""

from dataclasses import dataclass, field

from .items import FIELD, INDICATOR, MEASURE, RESPONSIBILITY, Item, Snapshot
from .words import DELETE, INSERT, Segment, word_diff, word_set

ADDED, REMOVED, MOVED, RENAMED, CHANGED, SPLIT = "added", "removed", "moved", "renamed", "changed", "split"
KINDS = (ADDED, REMOVED, MOVED, RENAMED, CHANGED, SPLIT)

# An added measure counts as split off an older one when at least this share of its words were taken
# from that measure's text (words the older one lost, or all of its words if it is gone).
SPLIT_SHARE = 0.6
# Indicators and responsibilities are parts of their measure: those of an added, removed or split-off
# measure come with it and are not named on their own.
MEASURE_PARTS = (INDICATOR, RESPONSIBILITY)


@dataclass(frozen=True)
class AttributeChange:
    name: str
    old: str
    new: str
    segments: tuple[Segment, ...]


@dataclass
class Change:
    """One named change of one item. `old`/`new` are the item in each version (None where it is missing)."""

    kind: str
    old: Item | None
    new: Item | None
    attributes: list[AttributeChange] = field(default_factory=list)
    parts: list[Item] = field(default_factory=list)

    @property
    def item(self) -> Item:
        return self.new or self.old

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def item_kind(self) -> str:
        return self.item.kind

    @property
    def changed_names(self) -> list[str]:
        return [attribute.name for attribute in self.attributes]


def attribute_changes(old: Item, new: Item) -> list[AttributeChange]:
    """The attributes whose text differs, with word-level segments."""
    names = [name for name, _ in new.attributes] + [name for name, _ in old.attributes if not new.value(name)]
    changes = []
    for name in dict.fromkeys(names):
        before, after = old.value(name), new.value(name)
        if before != after:
            changes.append(AttributeChange(name, before, after, tuple(word_diff(before, after))))
    return changes


def _compared(old: Item, new: Item) -> Change | None:
    attributes = attribute_changes(old, new)
    if old.parent != new.parent or old.place != new.place:
        return Change(MOVED, old, new, attributes)
    if not attributes:
        return None
    if old.kind == FIELD and "name" in [attribute.name for attribute in attributes]:
        return Change(RENAMED, old, new, attributes)
    return Change(CHANGED, old, new, attributes)


def _lost_words(old: Item, new: Item | None) -> set[str]:
    """The words a measure gave up: all of them if it is gone, else those its new text no longer has."""
    before = word_set(old.value("text") + " " + old.value("sub_points"))
    if new is None:
        return before
    return before - word_set(new.value("text") + " " + new.value("sub_points"))


def _split_origins(old: Snapshot, new: Snapshot, added: list[Item]) -> dict[str, str]:
    """{added measure key: key of the old measure it was split from}.

    A recorded `origin` wins; otherwise the old measure whose lost words make up most of the added
    measure's words, if they are at least SPLIT_SHARE of them.
    """
    candidates = []
    for item in old.of_kind(MEASURE):
        lost = _lost_words(item, new.get(item.key))
        if lost:
            candidates.append((item.key, lost))
    origins = {}
    for measure in added:
        if measure.origin and old.get(measure.origin):
            origins[measure.key] = measure.origin
            continue
        words = word_set(measure.value("text") + " " + measure.value("sub_points"))
        if not words:
            continue
        share, key = max(((len(words & lost) / len(words), key) for key, lost in candidates), default=(0, ""))
        if share >= SPLIT_SHARE:
            origins[measure.key] = key
    return origins


def _splits(old: Snapshot, new: Snapshot, added: list[Item]) -> dict[str, list[Item]]:
    """{old measure key: the measures split off it}. A removed measure with one successor only was
    replaced, not split: that stays a removal and an addition."""
    parts: dict[str, list[Item]] = {}
    for key, origin in _split_origins(old, new, added).items():
        parts.setdefault(origin, []).append(new.get(key))
    return {origin: items for origin, items in parts.items() if new.get(origin) or len(items) > 1}


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every change from `old` to `new`, in the new version's reading order, removed items last."""
    added = [item for key, item in new.items.items() if key not in old.items]
    splits = _splits(old, new, [item for item in added if item.kind == MEASURE])
    split_off = {part.key for parts in splits.values() for part in parts}
    whole = _whole_measures(old, new, split_off)
    changes = []
    for key, item in new.items.items():
        change = _change_of(old, new, item, splits, whole)
        if change is not None and key not in split_off:
            changes.append(change)
    for key, item in old.items.items():
        if key in new.items or _is_part_of(item, whole):
            continue
        # A measure split into others and gone itself is named once, as split, with its parts.
        changes.append(Change(SPLIT, item, None, [], splits[key]) if key in splits else Change(REMOVED, item, None))
    return changes


def _whole_measures(old: Snapshot, new: Snapshot, split_off: set[str]) -> set[str]:
    """Keys of measures that are added, removed or split off as a whole: their parts are not named."""
    added = {key for key, item in new.items.items() if item.kind == MEASURE and key not in old.items}
    removed = {key for key, item in old.items.items() if item.kind == MEASURE and key not in new.items}
    return added | removed | split_off


def _is_part_of(item: Item, whole: set[str]) -> bool:
    return item.kind in MEASURE_PARTS and item.parent in whole


def _change_of(old: Snapshot, new: Snapshot, item: Item, splits, whole) -> Change | None:
    before = old.get(item.key)
    if item.key in splits:
        return Change(SPLIT, before, item, attribute_changes(before, item), splits[item.key])
    if before is None:
        return None if _is_part_of(item, whole) else Change(ADDED, None, item)
    return _compared(before, item)


def inserted_and_deleted(change: Change) -> tuple[list[str], list[str]]:
    """The inserted and the deleted texts of a change's attributes, for tests and summaries."""
    inserted, deleted = [], []
    for attribute in change.attributes:
        for segment in attribute.segments:
            if segment.op == INSERT:
                inserted.append(segment.text)
            elif segment.op == DELETE:
                deleted.append(segment.text)
    return inserted, deleted
