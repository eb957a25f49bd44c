"""The demo fixture holds the whole action plan of Kreis Rendsburg-Eckernförde.

The seed document (fixtures/sources/002_…txt) is parsed independently of the fixture and every
field, measure, indicator and responsibility of it must be found in `fixtures/demo.json`: texts,
bullet items, indicator headings and the role every actor has by the wording of its Zuständigkeit cell.
A Maßnahme cell that names two measures may be two measures of the same challenge in the fixture.
"""

import difflib
import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.core.management import call_command

from actionplan.models import ActionPlan, FieldOfAction, Measure, Responsibility, split_lines
from integration_portal import roles

from ..factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "sources" / "002_36224d167c3f8099.txt"
FIXTURE = ROOT / "fixtures" / "demo.json"

TABLE_HEADER = "Identifizierung Problem/ Herausforderung\tMaßnahme\tIndikatoren\tZuständigkeit"
TAG = re.compile(r"<[^>]+>")
BULLET_LIST = re.compile(r"<ul[^>]*>")
DASHES = "‐‑‒–—-"  # the ASCII hyphen last, so it is literal inside a character class
SPACE_AND_DASHES = re.compile(rf"[\s{DASHES}]+")

# Words that only say which role an actor has.
ROLE_WORDS = ["verantwortlich", "begleitend", "beratend", "berät", "finanzierung", "beratung", "federführend"]
# Words that only join actor names; deliberately no nouns that name an organisation.
CONNECTORS = "und mit in zusammenarbeit zusammen den dem der des die durch sowie ggf ggfs weitere z.B. etc.".split()
# Zuständigkeit wording that differs from the canonical actor name (and its short name): wording → actor names.
ALIASES = {
    "KIT-Stelle": ["Koordinierungsstelle Integration und Teilhabe (KIT)"],
    "Mobiles Integrations-Team Deutsches Rotes Kreuz (MIT-Team DRK)": ["Mobiles Integrationsteam des DRK (MIT-Team)"],
    "MIT-Team DRK": ["Mobiles Integrationsteam des DRK (MIT-Team)"],
    "Gleichstellungsstelle": ["Kreis RD-ECK: Gleichstellungsbeauftragte"],
    "Fachgruppe Gesundheitsförderung und Prävention": ["Kreis RD-ECK: FG Gesundheitsförderung und Prävention"],
    "Beirat für Menschen mit Behinderung": ["Beirat für Menschen mit Behinderung im Kreisgebiet"],
    "Handwerkskammer": ["Handwerkskammer Kiel"],
    "Unternehmensverband": ["Unternehmensverband Nord"],
    # "Mitarbeit aus der Fläche Ehrenamt": the volunteers of the contributor list, also when the cell
    # names them by their contribution only ("…, Mitarbeit aus der Fläche").
    "Ehrenamt": ["Ehrenamtliche im Kreisgebiet"],
    "Mitarbeit aus der Fläche": ["Ehrenamtliche im Kreisgebiet"],
    "Trägerlandschaft": ["Träger"],
    # "Fachbereich 3, 4" names two offices at once.
    "Fachbereich 3, 4": ["Fachbereich 3", "Fachbereich 4"],
}
# Optional German inflection endings after a word: "Sprachkursträgern", "Netzwerks Sprache".
INFLECTION = "(?:e|en|er|ern|es|n|s)?"
# An indicator item that contains " - " itself and is no list of items.
DASHED_ITEMS = [
    "Kooperation mit Netzwerk B.O.A.T. - Beratung-Orientierung-Arbeit-Teilhabe - "
    "und Trägern der arbeitsmarktpolitischen Angebote"
]

Role = Responsibility.Role
# Role words of a Zuständigkeit cell that stand before names: the role holds for every name after the
# word up to the next role word, a ";", the end of a bracket opened before the word ("(begleitend durch
# KIT)") or an <hr/>. Names before any role word, a plain list, lead. Case-sensitive: "mit" is no
# "MIT-Team", and "Begleitend: KIT" stands before the name where "KIT begleitend" stands after it.
ROLE_BEFORE = [
    (re.compile(r"Verantwortlich:"), Role.LEAD),
    (re.compile(r"Begleitend:|(?<!\w)begleitend durch(?!\w)"), Role.SUPPORTING),
    (re.compile(r"Beratend:|(?<!\w)Beratung(?!\w)"), Role.ADVISING),
    (re.compile(r"(?<!\w)Finanzierung(?!\w)"), Role.FUNDING),
    # "X in Zusammenarbeit mit Y", "X zusammen mit Y", "ggf. weitere Y", "Mitarbeit aus der Fläche Y".
    (re.compile(r"(?<!\w)(?:mit|ggfs?\.|Mitarbeit aus der Fläche)(?!\w)"), Role.INVOLVED),
]
# Role words after a name: for that one name ("KIT begleitend", "KIT berät").
ROLE_AFTER = [
    (re.compile(r"(?<!\w)begleitend(?!\w)(?!\s*(?::|durch))"), Role.SUPPORTING),
    (re.compile(r"(?<!\w)berät(?!\w)"), Role.ADVISING),
]


@dataclass
class SeedRow:
    """One measure row of a seed table, continuation rows already folded in."""

    number: int
    table: str
    challenge: str
    measure: str
    indicators: str
    responsibility: str

    def label(self):
        return f"row {self.number} ({self.table}: {plain(self.measure)[:70]!r})"


def plain(text):
    """Text without HTML tags and with single spaces."""
    return " ".join(TAG.sub(" ", text).split())


def squash(text):
    """Text without tags, whitespace and dashes: line breaks, bullets and page-break hyphens don't count."""
    return SPACE_AND_DASHES.sub("", TAG.sub("", text))


def list_items(body):
    """Items of one bullet list body: "- a - b" or, written tight, "- a- b"."""
    if body.startswith("-"):
        # Tight: every "- " starts an item (no compound such as "Kinder- und" stands in a tight list).
        items = re.split(r"-\s", body)
    else:
        protected = body
        for index, item in enumerate(DASHED_ITEMS):
            protected = protected.replace(item, f"\x00{index}\x00")
        items = re.split(r"(?:^|\s)-\s", protected)
        items = [re.sub(r"\x00(\d+)\x00", lambda m: DASHED_ITEMS[int(m[1])], item) for item in items]
    return [plain(item) for item in items if plain(item)]


def lead_and_items(cell):
    """A challenge or Maßnahme cell as (text before its bullet list, the list's items)."""
    lead, *bodies = BULLET_LIST.split(cell)
    assert len(bodies) <= 1, f"cell with more than one bullet list: {cell!r}"
    return plain(lead), [item for body in bodies for item in list_items(body)]


# A sub-heading of an Indikatoren cell: a paragraph, or the cell's opening text, that ends in ":" and
# precedes a bullet list ("<p>Förderung vor der Ausbildung:</p> <ul…>", "Zusätzliche Angebote, … z.B.: <ul…>").
INDICATOR_HEADING = re.compile(r"(?:<p>([^<]*:)\s*</p>|^([^<]*:))\s*(?=<ul)")


def seed_indicator_groups(cell):
    """An Indikatoren cell as (heading, items) pairs in order; items before any heading have the heading ""."""
    groups = []
    start, heading = 0, ""
    for match in INDICATOR_HEADING.finditer(cell):
        groups.append((heading, cell[start : match.start()]))
        start, heading = match.end(), plain(match[1] or match[2])
    groups.append((heading, cell[start:]))
    result = []
    for heading, chunk in groups:
        text, *bodies = BULLET_LIST.split(chunk)
        # Text outside a list is an item of its own ("Migrantenorganisationen … nehmen … wahr").
        items = ([plain(text)] if plain(text) else []) + [item for body in bodies for item in list_items(body)]
        if heading or items:
            result.append((heading, items))
    return result


def normalise_dashes(title):
    """Table titles write the sub-field separator as " - " or " – "; the fixture uses " – "."""
    return re.sub(rf"\s[{DASHES}]\s", " – ", title)


def difference(seed_text, fixture_text):
    """Readable report of words missing from the fixture or not in the document."""
    seed_words = [w for w in SPACE_AND_DASHES.split(TAG.sub(" ", seed_text)) if w]
    fixture_words = [w for w in SPACE_AND_DASHES.split(fixture_text) if w]
    parts = []
    matcher = difflib.SequenceMatcher(a=seed_words, b=fixture_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"missing from fixture: {' '.join(seed_words[i1:i2])!r}")
        if op in ("insert", "replace"):
            parts.append(f"not in the document: {' '.join(fixture_words[j1:j2])!r}")
    return "; ".join(parts) or f"document {plain(seed_text)!r} vs fixture {fixture_text!r}"


@cache
def seed_lines():
    return SEED.read_text(encoding="utf-8").split("\n")


@cache
def seed_tables():
    """The document's tables as (title, rows) in document order.

    A row with an empty Maßnahme cell continues the previous row on the next page; its cells are
    appended. A row with an empty challenge cell but a measure is a further measure of the previous
    challenge and stays a row of its own.
    """
    tables = []
    rows = None
    previous_text = None
    for line in seed_lines():
        if line == TABLE_HEADER:
            rows = []
            tables.append((previous_text, rows))
            continue
        if "\t" not in line:
            if line.strip():
                previous_text = line.strip()
                rows = None  # any text line ends a table
            continue
        if rows is None:
            continue
        cells = line.split("\t")
        if all(re.fullmatch(rf"[{DASHES}]*", cell.strip()) for cell in cells):
            continue  # page separator row
        assert len(cells) == 4, f"seed table {tables[-1][0]!r} has a row with {len(cells)} cells: {line!r}"
        if not cells[1].strip():
            assert rows, f"seed table {tables[-1][0]!r} starts with a continuation row"
            rows[-1] = [
                f"{old} {new.strip()}" if new.strip() else old for old, new in zip(rows[-1], cells, strict=True)
            ]
        else:
            rows.append([cell.strip() for cell in cells])
    return tables


@cache
def seed_rows():
    """All measure rows of all tables, numbered 1.. in document order."""
    result = []
    for title, rows in seed_tables():
        for cells in rows:
            result.append(SeedRow(len(result) + 1, normalise_dashes(title), *cells))
    return result


def seed_paragraphs(start, end, include_start=False):
    """Non-empty lines from the line starting with `start` (exclusive unless asked) to the next starting with `end`."""
    lines = seed_lines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    return [line.strip() for line in lines[first + (0 if include_start else 1) : last] if line.strip()]


def phrase_pattern(phrase):
    """Regex for a name or note: whole words, any spacing, each word with optional inflection ending."""
    parts = [re.escape(word) + (INFLECTION if word[-1].isalpha() else "") for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s*".join(parts) + r"(?!\w)", re.IGNORECASE)


def actor_wordings(actor):
    """Every wording by which a Zuständigkeit cell may name the actor."""
    wordings = [actor.name, actor.short_name]
    wordings += [wording for wording, names in ALIASES.items() if actor.name in names]
    return [wording for wording in wordings if wording]


def note_wordings(note):
    """The parts of a note ("Ehrenamtskoordination; Mitarbeit aus der Fläche") that may stand in the cell."""
    return [part.strip() for part in note.split(";") if part.strip()]


def account_for(cell, responsibilities):
    """Strike every mention of the responsibilities from the cell.

    Returns the responsibilities that are not mentioned and the text left over besides role words,
    connectors and punctuation. Longer wordings go first, so "Servicestelle Ehrenamt" is not
    mistaken for a mention of "Ehrenamt".
    """
    text = plain(cell).replace("e. V.", "e.V.")
    mentions = {}
    for index, responsibility in enumerate(responsibilities):
        for wording in actor_wordings(responsibility.actor) + note_wordings(responsibility.note):
            mentions.setdefault(wording, set()).add(index)
    mentioned = set()
    for wording in sorted(mentions, key=len, reverse=True):
        text, count = phrase_pattern(wording).subn(" ", text)
        if count:
            mentioned |= mentions[wording]
    for word in ROLE_WORDS + CONNECTORS:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", text, flags=re.IGNORECASE)
    missing = [r for index, r in enumerate(responsibilities) if index not in mentioned]
    leftover = " ".join(text.split()) if re.search(r"\w", text) else ""
    return missing, leftover


def find_mentions(text, responsibilities):
    """(start, end, actor pks) of every actor mention in the text, longest wording first."""
    wordings = {}
    for responsibility in responsibilities:
        for wording in actor_wordings(responsibility.actor):
            wordings.setdefault(wording, set()).add(responsibility.actor_id)
    mentions = []
    for wording in sorted(wordings, key=len, reverse=True):
        for match in phrase_pattern(wording).finditer(text):
            mentions.append((match.start(), match.end(), wordings[wording]))
        # Blank the wording out, keeping positions, so a shorter wording can't match inside it.
        text = phrase_pattern(wording).sub(lambda m: " " * len(m[0]), text)
    return sorted(mentions, key=lambda mention: mention[0])


def expected_roles(cell, responsibilities):
    """{actor pk: roles} the wording of the Zuständigkeit cell gives the actors of the responsibilities."""
    roles = {}
    for part in re.split(r"<hr/>|;", cell):
        text = plain(part).replace("e. V.", "e.V.")
        mentions = find_mentions(text, responsibilities)

        def inside_a_name(position, mentions=mentions):
            # "Beirat für Menschen mit Behinderung" holds no role word.
            return any(start < position < end for start, end, _ in mentions)

        # Events in text order; at one position a role word comes before the name it starts.
        events = [(start, 1, "name", actors) for start, _, actors in mentions]
        for pattern, role in ROLE_BEFORE:
            events += [(m.start(), 0, "before", role) for m in pattern.finditer(text) if not inside_a_name(m.start())]
        for pattern, role in ROLE_AFTER:
            events += [(m.start(), 0, "after", role) for m in pattern.finditer(text) if not inside_a_name(m.start())]
        events += [(m.start(), 0, m[0], None) for m in re.finditer(r"[()]", text) if not inside_a_name(m.start())]
        stack = [Role.LEAD]  # the role in force, one entry per open bracket
        found = []  # [actors, role] per mention
        for _, _, kind, value in sorted(events, key=lambda event: event[:2]):
            if kind == "name":
                found.append([value, stack[-1]])
            elif kind == "before":
                stack[-1] = value
            elif kind == "after" and found:
                found[-1][1] = value
            elif kind == "(":
                stack.append(stack[-1])
            elif kind == ")" and len(stack) > 1:
                stack.pop()
        for actors, role in found:
            for actor in actors:
                roles.setdefault(actor, set()).add(role.value)
    return roles


@pytest.fixture
def plan(db):
    """The demo fixture loaded into the test database; its file by path, so exactly that file is checked."""
    call_command("loaddata", str(FIXTURE), verbosity=0)
    return ActionPlan.objects.select_related("district", "concept__predecessor").get(
        district__slug="rendsburg-eckernfoerde"
    )


def fixture_measures(plan):
    """The plan's measures in table order: field, challenge, measure."""
    return list(
        Measure.objects.filter(challenge__field__plan=plan)
        .select_related("challenge__field__parent", "target_group")
        .prefetch_related("indicators", "responsibilities__actor")
        .order_by("challenge__field__order", "challenge__order", "order", "pk")
    )


def measure_text(measure):
    return measure.text + measure.sub_points


def seed_measure(row):
    """The Maßnahme cell without its target group."""
    return row.measure.split("Zielgruppe:")[0]


def rows_and_measures(plan):
    """Each seed row with the consecutive fixture measures that make up its Maßnahme cell.

    A cell that names two measures may be two measures in the fixture: their texts, joined in order,
    are the cell's text. The mapping stops at the first row the next measures don't make up.
    """
    measures = fixture_measures(plan)
    result = []
    position = 0
    for row in seed_rows():
        wanted = squash(seed_measure(row))
        taken = []
        while position < len(measures):
            taken.append(measures[position])
            position += 1
            joined = "".join(squash(measure_text(measure)) for measure in taken)
            if joined == wanted or not wanted.startswith(joined):
                break
        fixture_text = "\n".join(measure_text(measure) for measure in taken)
        assert taken and squash(fixture_text) == wanted, (
            f"Maßnahme of {row.label()}: the next fixture measures don't make up the cell: "
            + difference(seed_measure(row), fixture_text)
        )
        result.append((row, taken))
    return result


def indicators_of(measures):
    return [indicator for measure in measures for indicator in measure.indicators.all()]


def responsibilities_of(measures):
    return [responsibility for measure in measures for responsibility in measure.responsibilities.all()]


def test_seed_document_has_the_expected_shape():
    # Guards the parser: the document holds 11 tables with 38 measure rows.
    assert len(seed_tables()) == 11
    assert len(seed_rows()) == 38


def test_plan_metadata(plan):
    assert (
        plan.title
        == "Integration im Fokus: Maßnahmen, die verbinden – ein Konzept für echte Chancengleichheit und Vielfalt"
    )
    assert plan.district.short_name == "RD-ECK"
    assert plan.status == ActionPlan.Status.DRAFT, "the document is marked ENTWURF"
    assert (plan.concept.year, plan.concept.status) == (2020, "adopted")
    assert (plan.concept.predecessor.year, plan.concept.predecessor.status) == (2015, "superseded")


def test_introduction_and_acknowledgement(plan):
    introduction = seed_paragraphs("Anlage zum Integrationskonzept", "An diesem Aktionsplan haben mitgewirkt")
    assert plan.introduction.split("\n\n") == introduction, "introduction differs: " + difference(
        "\n".join(introduction), plan.introduction
    )
    # The closing words stand between the contributor list and the first table's title.
    closing = seed_paragraphs("Für den konstruktiven Austausch", seed_tables()[0][0], include_start=True)
    assert plan.acknowledgement.split("\n\n") == closing, "acknowledgement differs: " + difference(
        "\n".join(closing), plan.acknowledgement
    )


def test_contributors_in_document_order(plan):
    printed = [
        line.replace("**", "").strip().rstrip(",")
        for line in seed_paragraphs("An diesem Aktionsplan haben mitgewirkt", "Für den konstruktiven Austausch")
    ]
    assert len(printed) == 32
    contributions = list(plan.contributions.select_related("actor"))
    # The list prints the KIT as "Koordinierungsstelle Integration und Teilhabe (KIT)": name plus short name.
    in_fixture = [(c.actor.name, f"{c.actor.name} ({c.actor.short_name})") for c in contributions]
    missing = [name for name in printed if not any(name in names for names in in_fixture)]
    assert not missing, f"contributors missing from the fixture: {missing}"
    assert len(contributions) == len(printed), f"fixture has {len(contributions)} contributors, document {len(printed)}"
    for position, (name, names, contribution) in enumerate(zip(printed, in_fixture, contributions, strict=True), 1):
        assert name in names, f"contributor {position}: document has {name!r}, fixture has {names[0]!r}"
        assert contribution.order == position, f"contributor {name!r}: order {contribution.order}, expected {position}"


def test_fields_of_action_match_the_table_titles(plan):
    fields = list(FieldOfAction.objects.filter(plan=plan).select_related("parent").order_by("order", "pk"))
    leaves = [field.full_name for field in fields if not any(other.parent_id == field.pk for other in fields)]
    titles = [normalise_dashes(title) for title, _ in seed_tables()]
    assert leaves == titles, "fields of action differ: " + difference(" | ".join(titles), " | ".join(leaves))


def test_every_measure_row_is_a_measure_in_order(plan):
    measures = fixture_measures(plan)
    rows_measures = rows_and_measures(plan)
    assert len(rows_measures) == len(seed_rows()) == 38
    # One row became two measures: "Schaffung einer Homepage, …" and "Qualifizierung".
    assert len(measures) == 39, f"fixture has {len(measures)} measures"
    belongs = [measure.pk for _, row_measures in rows_measures for measure in row_measures]
    assert belongs == [measure.pk for measure in measures], "every fixture measure belongs to exactly one row"

    previous_challenge = None
    for row, row_measures in rows_measures:
        challenge = row_measures[0].challenge
        for measure in row_measures:
            assert measure.challenge == challenge, f"the measures of {row.label()} belong to one challenge"
            assert measure.challenge.field.full_name == row.table, (
                f"{row.label()}: measure sits in {measure.challenge.field.full_name!r}"
            )
            _, _, target_group = row.measure.partition("Zielgruppe:")
            fixture_group = measure.target_group.name if measure.target_group else ""
            assert squash(target_group) == squash(fixture_group), (
                f"Zielgruppe of {row.label()}: document {plain(target_group)!r}, fixture {fixture_group!r}"
            )
        if row.challenge:
            assert squash(row.challenge) == squash(challenge.text + challenge.sub_points), (
                f"Problem/Herausforderung of {row.label()}: "
                + difference(row.challenge, challenge.text + challenge.sub_points)
            )
            _, items = lead_and_items(row.challenge)
            assert challenge.sub_point_list == items, (
                f"sub-points of the Problem/Herausforderung of {row.label()}: "
                f"document {items}, fixture {challenge.sub_point_list}"
            )
        else:
            # An empty challenge cell: a further measure of the previous challenge.
            assert challenge == previous_challenge, (
                f"{row.label()} should be a further measure of the previous challenge"
            )
        lead, items = lead_and_items(seed_measure(row))
        if lead:
            fixture_items = [item for measure in row_measures for item in measure.sub_point_list]
        else:
            # A cell that is only a list: its items are the measure's lines.
            assert not any(measure.sub_points for measure in row_measures), f"{row.label()} has no sub-points"
            fixture_items = [line for measure in row_measures for line in split_lines(measure.text)]
        assert fixture_items == items, (
            f"bullet items of the Maßnahme of {row.label()}: document {items}, fixture {fixture_items}"
        )
        previous_challenge = challenge


def test_measures_are_numbered_in_document_order(plan):
    measures = fixture_measures(plan)
    for challenge in {measure.challenge for measure in measures}:
        orders = [measure.order for measure in measures if measure.challenge == challenge]
        assert orders == list(range(1, len(orders) + 1)), f"measure order of challenge {challenge.text!r}: {orders}"
    for measure in measures:
        orders = [indicator.order for indicator in measure.indicators.all()]
        assert orders == list(range(1, len(orders) + 1)), f"indicator order of {measure.text!r}: {orders}"
        orders = [responsibility.order for responsibility in measure.responsibilities.all()]
        assert orders == list(range(1, len(orders) + 1)), f"responsibility order of {measure.text!r}: {orders}"


def indicator_text(indicators):
    """The indicators as the document prints them: each group heading once, then the items."""
    parts = []
    heading = ""
    for indicator in indicators:
        if indicator.group_heading and indicator.group_heading != heading:
            parts.append(indicator.group_heading)
        heading = indicator.group_heading
        parts.append(indicator.text)
    return "\n".join(parts)


def fixture_indicator_groups(indicators):
    """Consecutive indicators with the same group heading, as (heading, texts) pairs."""
    groups = []
    for indicator in indicators:
        if not groups or groups[-1][0] != indicator.group_heading:
            groups.append((indicator.group_heading, []))
        groups[-1][1].append(indicator.text)
    return groups


def test_every_indicator_is_in_the_fixture(plan):
    failures = []
    for row, measures in rows_and_measures(plan):
        text = indicator_text(indicators_of(measures))
        if squash(row.indicators) != squash(text):
            failures.append(f"Indikatoren of {row.label()}: " + difference(row.indicators, text))
    assert not failures, "\n".join(failures)


def test_indicators_stand_under_their_headings(plan):
    # Heading by heading, item by item: a heading merged into an indicator, an indicator under the
    # wrong heading or two indicators made one fail here even when the squashed text matches.
    failures = []
    for row, measures in rows_and_measures(plan):
        seed_groups = seed_indicator_groups(row.indicators)
        fixture_groups = fixture_indicator_groups(indicators_of(measures))
        seed_headings = [heading for heading, _ in seed_groups]
        fixture_headings = [heading for heading, _ in fixture_groups]
        if seed_headings != fixture_headings:
            failures.append(
                f"indicator headings of {row.label()}: document {seed_headings}, fixture {fixture_headings}"
            )
            continue
        for (heading, seed_items), (_, fixture_items) in zip(seed_groups, fixture_groups, strict=True):
            if seed_items != fixture_items:
                failures.append(
                    f"indicators of {row.label()} under {heading or 'no heading'!r}: "
                    f"document {seed_items}, fixture {fixture_items}"
                )
    assert not failures, "\n".join(failures)


def test_berufsinformationsboerse_indicator_has_its_figure(plan):
    indicator = Measure.objects.get(
        text="Ausbildungssystem wird bei der Zielgruppe und Bildungsträgern beworben, ist bekannt und wird genutzt"
    ).indicators.get(text__contains="12x im Jahr")
    assert (indicator.unit, indicator.target) == ("Treffen im Jahr", 12)


def test_every_responsibility_is_in_the_fixture(plan):
    failures = []
    for row, measures in rows_and_measures(plan):
        not_in_cell, leftover = account_for(row.responsibility, responsibilities_of(measures))
        for responsibility in not_in_cell:
            failures.append(
                f"Zuständigkeit of {row.label()}: {responsibility.actor.name!r} ({responsibility.role}) "
                f"is not named in the cell {plain(row.responsibility)!r}"
            )
        if leftover:
            failures.append(
                f"Zuständigkeit of {row.label()}: no responsibility in the fixture for {leftover!r} "
                f"(cell {plain(row.responsibility)!r})"
            )
    assert not failures, "\n".join(failures)


def role_failures(label, cell, responsibilities):
    """Where a responsibility's role is not the role the wording of the cell gives its actor."""
    expected = expected_roles(cell, responsibilities)
    failures = []
    actors = {responsibility.actor_id: responsibility.actor for responsibility in responsibilities}
    for actor_id, actor in actors.items():
        actual = sorted({r.role for r in responsibilities if r.actor_id == actor_id})
        wanted = sorted(expected.get(actor_id, set()))
        if actual != wanted:
            failures.append(
                f"Zuständigkeit of {label}: {actor.name!r} is {' and '.join(wanted) or 'not named'} by the cell, "
                f"the fixture has {' and '.join(actual)} (cell {plain(cell)!r})"
            )
    return failures


def test_every_responsibility_has_the_role_its_cell_gives(plan):
    failures = []
    for row, measures in rows_and_measures(plan):
        failures += role_failures(row.label(), row.responsibility, responsibilities_of(measures))
    assert not failures, "\n".join(failures)


def test_a_row_of_several_measures_divides_its_cells_among_them(plan):
    # The Indikatoren cell of such a row holds one bullet list per measure and its Zuständigkeit cell
    # one part per measure, divided by <hr/>: "Schaffung einer Homepage, …" / "Qualifizierung".
    split = [(row, measures) for row, measures in rows_and_measures(plan) if len(measures) > 1]
    assert [len(measures) for _, measures in split] == [2]
    for row, measures in split:
        lists = BULLET_LIST.split(row.indicators)[1:]
        parts = row.responsibility.split("<hr/>")
        assert len(lists) == len(parts) == len(measures), f"{row.label()}: one list and one part per measure"
        for measure, body, part in zip(measures, lists, parts, strict=True):
            label = f"{row.label()}, measure {measure.text!r}"
            texts = [indicator.text for indicator in measure.indicators.all()]
            assert texts == list_items(body), f"indicators of {label}: document {list_items(body)}, fixture {texts}"
            responsibilities = list(measure.responsibilities.all())
            not_in_part, leftover = account_for(part, responsibilities)
            assert not not_in_part, f"{label}: {[r.actor.name for r in not_in_part]} not named in {plain(part)!r}"
            assert not leftover, f"{label}: no responsibility for {leftover!r} of {plain(part)!r}"
            failures = role_failures(label, part, responsibilities)
            assert not failures, "\n".join(failures)


def content_words(text):
    """The words of a Zuständigkeit cell that name someone or say something: no role words, connectors or
    punctuation; lower case, as the printed cell may start a name with a capital the cell does not."""
    ignored = {word.strip(".").lower() for word in ROLE_WORDS + CONNECTORS} | {"beteiligt", "beteiligte"}
    text = plain(text).replace("e. V.", "e.V.")
    words = [word.strip(".,;:()!*").lower() for word in re.split(rf"[\s/{DASHES}]+", text)]
    return [word for word in words if re.search(r"\w", word) and word not in ignored]


def canonical_wording(cell, responsibilities):
    """The cell with each documented other wording (ALIASES: “KIT-Stelle”) replaced by the actor's name;
    never inside the name of an actor of the cell (“Ehrenamt” in “Servicestelle Ehrenamt”)."""
    names = {name for r in responsibilities for name in (r.actor.name, r.actor.short_name) if name}
    # Only names that hold an alias inside them need protecting.
    names = [n for n in names if any(w != n and phrase_pattern(w).search(n) for w in ALIASES)]
    names.sort(key=len, reverse=True)
    for index, name in enumerate(names):
        cell = phrase_pattern(name).sub(f" \x00{index}\x00 ", cell)
    for wording in sorted(ALIASES, key=len, reverse=True):
        cell = phrase_pattern(wording).sub(" " + " ".join(ALIASES[wording]) + " ", cell)
    return re.sub(r"\x00(\d+)\x00", lambda m: names[int(m[1])], cell)


def printed_cells(plan, client):
    """{measure pk: text of its Zuständigkeit cell} as the plan page prints it."""
    user = UserFactory(district=plan.district, role=roles.COMMITTEE_MEMBERS)
    client.force_login(user)
    page = client.get(plan.get_absolute_url()).content.decode()
    cells = {}
    for match in re.finditer(r'<tr id="measure-(\d+)".*?<td class="cell-responsibility"[^>]*>(.*?)</td>', page, re.S):
        cells[int(match[1])] = html.unescape(plain(match[2]))
    return cells


def test_every_zustaendigkeit_cell_is_printed_word_for_word(plan, client):
    """The plan page (and with it the annex, the same table) names every responsibility as the document
    does: full name and short name, notes as written. Inflected forms (“Sprachkursträgern”) count."""
    cells = printed_cells(plan, client)
    total, missing = 0, []
    for row, measures in rows_and_measures(plan):
        printed = set(content_words(" ".join(cells[measure.pk] for measure in measures)))
        for word in content_words(canonical_wording(row.responsibility, responsibilities_of(measures))):
            total += 1
            if not any(word == p or (word.startswith(p) and len(word) - len(p) <= 2) for p in printed):
                missing.append(f"{row.label()}: {word!r}")
    assert total > 250
    assert missing == [], "\n".join(missing)
