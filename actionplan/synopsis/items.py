"""A version of a plan as plain data: one `Item` per field, challenge, measure, indicator and responsibility.

Items are identified across versions by their `key`, which a revision copies from the version it revises
(a responsibility by its measure's key and its actor). The diff compares snapshots only, never the database.
"""

from dataclasses import dataclass, field

FIELD, CHALLENGE, MEASURE, INDICATOR, RESPONSIBILITY, PLAN = (
    "field",
    "challenge",
    "measure",
    "indicator",
    "responsibility",
    "plan",
)


@dataclass(frozen=True)
class Item:
    """One part of a plan version.

    `parent` is the key of the item it sits in (a field's parent field, a challenge's field, a measure's
    challenge, an indicator's or responsibility's measure); `place` is where inside the parent (an
    indicator's sub-heading). A change of either is a move. `attributes` are the texts a council compares,
    in the order they are printed; `origin` is the key of the measure a measure was split from, if known.
    """

    kind: str
    key: str
    parent: str = ""
    place: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    origin: str = ""
    field_key: str = ""

    def value(self, name: str) -> str:
        for attribute, value in self.attributes:
            if attribute == name:
                return value
        return ""

    @property
    def label(self) -> str:
        """The item's first attribute: a field's name, a measure's text, a responsibility's actor."""
        return self.attributes[0][1] if self.attributes else ""


@dataclass
class Snapshot:
    """The items of a plan version in reading order, with the version's name (“Fassung 1 (beschlossen)”)."""

    name: str
    items: dict[str, Item] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        self.items[item.key] = item

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items.values() if item.kind == kind]

    def get(self, key: str) -> Item | None:
        return self.items.get(key)
