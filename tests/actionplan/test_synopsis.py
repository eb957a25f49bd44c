"""The Synopse's comparison: hand-made changes of each kind, each named exactly once."""

from collections import Counter
from dataclasses import replace

import pytest

from actionplan.synopsis.diff import ADDED, CHANGED, MOVED, REMOVED, RENAMED, SPLIT, diff, inserted_and_deleted
from actionplan.synopsis.items import CHALLENGE, FIELD, INDICATOR, MEASURE, RESPONSIBILITY, Item, Snapshot
from actionplan.synopsis.layout import synopsis
from actionplan.synopsis.words import word_diff

CAFE, PATRONAGE = "Sprachcafé in Eckernförde einrichten", "Lernpatenschaften in Rendsburg vermitteln"


def _plan():
    """Two fields, a challenge in each, three measures with indicators and responsibilities."""
    items = [
        Item(FIELD, "f1", attributes=(("name", "Sprache"), ("description", "")), field_key="f1"),
        Item(FIELD, "f2", attributes=(("name", "Arbeit"), ("description", "")), field_key="f2"),
        Item(CHALLENGE, "c1", "f1", attributes=(("text", "Zu wenige Sprachkurse"),)),
        Item(CHALLENGE, "c2", "f2", attributes=(("text", "Lange Wege in Arbeit"),)),
        Item(MEASURE, "m1", "c1", attributes=(("text", "Drei Sprachkurse pro Jahr für Eltern anbieten"),)),
        Item(MEASURE, "m2", "c1", attributes=(("text", f"{CAFE} und {PATRONAGE}"),)),
        Item(MEASURE, "m3", "c2", attributes=(("text", "Jobmesse für Zugewanderte"),)),
        Item(INDICATOR, "i1", "m1", "Förderung vor der Ausbildung:", (("text", "Anzahl der Kurse"), ("unit", "Kurse"))),
        Item(INDICATOR, "i2", "m1", "Förderung vor der Ausbildung:", (("text", "Teilnehmende"), ("unit", ""))),
        Item(RESPONSIBILITY, "r1", "m1", attributes=(("actor", "VHS"), ("role", "Verantwortlich"), ("note", ""))),
        Item(RESPONSIBILITY, "r2", "m1", attributes=(("actor", "KIT"), ("role", "Begleitend"), ("note", ""))),
    ]
    snapshot = Snapshot("Fassung 1")
    for item in items:
        snapshot.add(item)
    return snapshot


def _revised(changes):
    """A copy of the plan with `changes` ({key: function(item) -> item or None}) and additions applied."""
    old = _plan()
    new = Snapshot("Fassung 2")
    for key, item in old.items.items():
        changed = changes.get(key, lambda item: item)(item)
        if changed is not None:
            new.add(changed)
    return old, new


def _with(item, **attributes):
    return replace(item, attributes=tuple((name, attributes.get(name, value)) for name, value in item.attributes))


def _named(changes):
    return Counter((change.kind, change.key) for change in changes)


def test_an_unchanged_plan_has_no_changes():
    old, new = _revised({})
    assert diff(old, new) == []


def test_a_word_inside_a_measure_is_named_once_with_its_insertion_and_deletion():
    old, new = _revised({"m1": lambda item: _with(item, text="Vier Sprachkurse pro Jahr für Eltern anbieten")})
    changes = diff(old, new)
    assert _named(changes) == {(CHANGED, "m1"): 1}
    assert changes[0].changed_names == ["text"]
    assert inserted_and_deleted(changes[0]) == (["Vier"], ["Drei"])


def test_an_indicator_moved_to_another_sub_heading_is_named_once_as_moved():
    old, new = _revised({"i2": lambda item: replace(item, place="Förderung in der Ausbildung:")})
    changes = diff(old, new)
    assert _named(changes) == {(MOVED, "i2"): 1}
    assert changes[0].old.place == "Förderung vor der Ausbildung:"


def test_a_responsibility_whose_role_changed_is_named_once_with_the_role():
    old, new = _revised({"r2": lambda item: _with(item, role="Verantwortlich")})
    changes = diff(old, new)
    assert _named(changes) == {(CHANGED, "r2"): 1}
    assert changes[0].attributes[0].name == "role"
    assert inserted_and_deleted(changes[0]) == (["Verantwortlich"], ["Begleitend"])


def test_a_measure_moved_to_another_field_is_named_once_and_its_parts_not_at_all():
    old, new = _revised({"m1": lambda item: replace(item, parent="c2")})
    changes = diff(old, new)
    assert _named(changes) == {(MOVED, "m1"): 1}
    assert changes[0].attributes == []


def test_a_renamed_field_is_named_once_as_renamed():
    old, new = _revised({"f1": lambda item: _with(item, name="Sprache und Bildung")})
    changes = diff(old, new)
    assert _named(changes) == {(RENAMED, "f1"): 1}
    assert inserted_and_deleted(changes[0]) == (["und Bildung"], [])


def test_a_measure_split_in_two_is_named_once_as_split_and_not_as_added_or_changed():
    old, new = _revised({"m2": lambda item: _with(item, text="Sprachcafé in Eckernförde einrichten")})
    new.add(Item(MEASURE, "m4", "c1", attributes=(("text", "Lernpatenschaften in Rendsburg vermitteln"),)))
    new.add(Item(INDICATOR, "i4", "m4", attributes=(("text", "Zahl der Patenschaften"),)))
    changes = diff(old, new)
    assert _named(changes) == {(SPLIT, "m2"): 1}
    assert [part.key for part in changes[0].parts] == ["m4"]


def test_a_measure_split_in_two_and_gone_itself_is_named_once_as_split():
    old, new = _revised({"m2": lambda item: None})
    new.add(Item(MEASURE, "m4", "c1", attributes=(("text", "Sprachcafé in Eckernförde einrichten"),)))
    new.add(Item(MEASURE, "m5", "c1", attributes=(("text", "Lernpatenschaften in Rendsburg vermitteln"),)))
    changes = diff(old, new)
    assert _named(changes) == {(SPLIT, "m2"): 1}
    assert {part.key for part in changes[0].parts} == {"m4", "m5"}


def test_a_recorded_origin_makes_a_split_whatever_the_words():
    old, new = _revised({})
    new.add(Item(MEASURE, "m4", "c1", attributes=(("text", "Etwas ganz anderes"),), origin="m3"))
    assert _named(diff(old, new)) == {(SPLIT, "m3"): 1}


def test_a_new_measure_with_new_words_is_added_with_its_parts_unnamed():
    old, new = _revised({})
    new.add(Item(MEASURE, "m4", "c2", attributes=(("text", "Beratung im Jobcenter auf Arabisch"),)))
    new.add(Item(INDICATOR, "i4", "m4", attributes=(("text", "Beratungen pro Monat"),)))
    new.add(Item(RESPONSIBILITY, "r4", "m4", attributes=(("actor", "Jobcenter"), ("role", "Verantwortlich"))))
    assert _named(diff(old, new)) == {(ADDED, "m4"): 1}


def test_a_removed_measure_is_named_once_and_its_parts_not_at_all():
    old, new = _revised({key: (lambda item: None) for key in ("m1", "i1", "i2", "r1", "r2")})
    assert _named(diff(old, new)) == {(REMOVED, "m1"): 1}


def _every_kind_at_once():
    """The plan revised with one change of each kind: a measure moved and reworded, an indicator moved to another
    sub-heading, a role changed, a field renamed, and a measure split in two."""
    old, new = _revised(
        {
            "m1": lambda item: _with(replace(item, parent="c2"), text="Vier Sprachkurse pro Jahr für Eltern anbieten"),
            "i2": lambda item: replace(item, place="Förderung in der Ausbildung:"),
            "r2": lambda item: _with(item, role="Verantwortlich"),
            "f1": lambda item: _with(item, name="Sprache und Bildung"),
            "m2": lambda item: _with(item, text=CAFE),
        }
    )
    new.add(Item(MEASURE, "m4", "c1", attributes=(("text", PATRONAGE),)))
    return old, new


def test_every_kind_at_once_names_each_change_exactly_once():
    old, new = _every_kind_at_once()
    changes = diff(old, new)
    expected = {(MOVED, "m1"): 1, (MOVED, "i2"): 1, (CHANGED, "r2"): 1, (RENAMED, "f1"): 1, (SPLIT, "m2"): 1}
    assert _named(changes) == expected
    moved_measure = next(change for change in changes if change.key == "m1")
    assert moved_measure.changed_names == ["text"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Drei Kurse pro Jahr", "Vier Treffen pro Jahr", [("delete", "Drei Kurse"), ("insert", "Vier Treffen")]),
        ("Kurse, Treffen", "Kurse; Treffen", [("delete", ","), ("insert", ";")]),
        ("", "neu", [("insert", "neu")]),
    ],
)
def test_words_are_compared_whole_and_punctuation_on_its_own(old, new, expected):
    changed = [(segment.op, segment.text) for segment in word_diff(old, new) if segment.op != "equal"]
    assert changed == expected


def _all_notes(result):
    return [
        note for section in result.sections for note in section.notes + [n for row in section.rows for n in row.notes]
    ]


def test_the_laid_out_synopsis_names_each_change_once_and_collapses_unchanged_measures():
    old, new = _every_kind_at_once()
    result = synopsis(old, new)
    notes = [note.text for note in _all_notes(result)]
    assert sorted(notes) == sorted(
        [
            "Maßnahme verschoben: bisher: Sprache › Zu wenige Sprachkurse; Text",
            "Indikator verschoben: bisher: „Förderung vor der Ausbildung:“",
            "Zuständigkeit geändert: Rolle",
            "Handlungsfeld umbenannt: Name",
            "Maßnahme aufgeteilt: in 2 Maßnahmen; Text",
        ]
    )
    rows = {row.key: row for section in result.sections for row in section.rows}
    assert rows["m3"].summary == "Jobmesse für Zugewanderte" and not rows["m3"].changed
    assert "m4" not in rows
    split_lines = [[(s.op, s.text) for s in line.new if s.op != "equal"] for line in rows["m2"].lines]
    assert [("insert", PATRONAGE)] in split_lines


def test_the_filter_keeps_changed_rows_with_their_challenge_and_one_field():
    old, new = _revised({"m3": lambda item: _with(item, text="Jobmesse für alle Zugewanderten")})
    result = synopsis(old, new)
    assert [section.key for section in result.filtered(changed_only=True)] == ["f2"]
    assert [row.key for row in result.filtered(changed_only=True)[0].rows] == ["c2", "m3"]
    assert [section.key for section in result.filtered(field_key="f1")] == ["f1"]
