"""The demo fixture holds the whole action plan of Kreis Rendsburg-Eckernförde.

The seed document (fixtures/sources/002_…txt) is parsed independently of the fixture and every
field, measure, indicator and responsibility of it must be found in `fixtures/demo.json`.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.core.management import call_command

from actionplan.models import ActionPlan, FieldOfAction, Measure

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "sources" / "002_36224d167c3f8099.txt"
FIXTURE = ROOT / "fixtures" / "demo.json"

TABLE_HEADER = "Identifizierung Problem/ Herausforderung\tMaßnahme\tIndikatoren\tZuständigkeit"
TAG = re.compile(r"<[^>]+>")
DASHES = "‐‑‒–—-"  # the ASCII hyphen last, so it is literal inside a character class
SPACE_AND_DASHES = re.compile(rf"[\s{DASHES}]+")

# Words that only say which role an actor has.
ROLE_WORDS = ["verantwortlich", "begleitend", "beratend", "berät", "finanzierung", "beratung", "federführend"]
# Words that only join actor names; deliberately no nouns that name an organisation.
CONNECTORS = "und mit in zusammenarbeit zusammen den dem der des die durch sowie ggf ggfs weitere z.B. etc.".split()
# Zuständigkeit wording that differs from the canonical actor name (and its short name): wording → actor names.
ALIASES = {
    "KIT-Stelle": ["Koordinierungsstelle Integration und Teilhabe"],
    "Mobiles Integrations-Team Deutsches Rotes Kreuz (MIT-Team DRK)": ["Mobiles Integrationsteam des DRK (MIT-Team)"],
    "MIT-Team DRK": ["Mobiles Integrationsteam des DRK (MIT-Team)"],
    "Sozial- und Gesundheitsausschuss-Vorstand": ["SoGA- Vorstand- Vertretung"],
    "Gleichstellungsstelle": ["Kreis RD-ECK: Gleichstellungsbeauftragte"],
    "Seniorenbeirat": ["Kreissenioresenbeirat"],
    "Fachgruppe Gesundheitsförderung und Prävention": ["Kreis RD-ECK: FG Gesundheitsförderung und Prävention"],
    "Beirat für Menschen mit Behinderung": ["Beirat für Menschen mit Behinderung im Kreisgebiet"],
    "Handwerkskammer": ["Handwerkskammer Kiel"],
    "Unternehmensverband": ["Unternehmensverband Nord"],
    # "Mitarbeit aus der Fläche Ehrenamt": the volunteers of the contributor list.
    "Ehrenamt": ["Ehrenamtliche im Kreisgebiet"],
    # "Fachbereich 3, 4" names two offices at once.
    "Fachbereich 3, 4": ["Fachbereich 3", "Fachbereich 4"],
}
# Optional German inflection endings after a word: "Sprachkursträgern", "Netzwerks Sprache".
INFLECTION = "(?:e|en|er|ern|es|n|s)?"


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
    rows = seed_rows()
    texts = [squash(measure_text(measure)) for measure in measures]
    missing = [row.label() for row in rows if squash(row.measure.split("Zielgruppe:")[0]) not in texts]
    assert not missing, f"Maßnahme missing from the fixture: {missing}"
    assert len(measures) == len(rows), f"fixture has {len(measures)} measures, the document {len(rows)} rows"

    previous_challenge = None
    for row, measure in zip(rows, measures, strict=True):
        assert measure.challenge.field.full_name == row.table, (
            f"{row.label()}: measure sits in {measure.challenge.field.full_name!r}"
        )
        seed_measure, _, target_group = row.measure.partition("Zielgruppe:")
        assert squash(seed_measure) == squash(measure_text(measure)), f"Maßnahme of {row.label()}: " + difference(
            seed_measure, measure_text(measure)
        )
        fixture_group = measure.target_group.name if measure.target_group else ""
        assert squash(target_group) == squash(fixture_group), (
            f"Zielgruppe of {row.label()}: document {plain(target_group)!r}, fixture {fixture_group!r}"
        )
        challenge = measure.challenge
        if row.challenge:
            assert squash(row.challenge) == squash(challenge.text + challenge.sub_points), (
                f"Problem/Herausforderung of {row.label()}: "
                + difference(row.challenge, challenge.text + challenge.sub_points)
            )
        else:
            # An empty challenge cell: a further measure of the previous challenge.
            assert challenge == previous_challenge, (
                f"{row.label()} should be a further measure of the previous challenge"
            )
        previous_challenge = challenge


def indicator_text(measure):
    """The measure's indicators as the document prints them: each group heading once, then the items."""
    parts = []
    heading = ""
    for indicator in measure.indicators.all():
        if indicator.group_heading and indicator.group_heading != heading:
            parts.append(indicator.group_heading)
        heading = indicator.group_heading
        parts.append(indicator.text)
    return "\n".join(parts)


def test_every_indicator_is_in_the_fixture(plan):
    measures = {squash(measure_text(measure)): measure for measure in fixture_measures(plan)}
    failures = []
    for row in seed_rows():
        measure = measures.get(squash(row.measure.split("Zielgruppe:")[0]))
        if measure is None:
            failures.append(f"Indikatoren of {row.label()}: the measure itself is missing")
            continue
        if squash(row.indicators) != squash(indicator_text(measure)):
            failures.append(f"Indikatoren of {row.label()}: " + difference(row.indicators, indicator_text(measure)))
    assert not failures, "\n".join(failures)


def test_berufsinformationsboerse_indicator_has_its_figure(plan):
    indicator = Measure.objects.get(
        text="Ausbildungssystem wird bei der Zielgruppe und Bildungsträgern beworben, ist bekannt und wird genutzt"
    ).indicators.get(text__contains="12x im Jahr")
    assert (indicator.unit, indicator.target) == ("Treffen im Jahr", 12)


def test_every_responsibility_is_in_the_fixture(plan):
    measures = {squash(measure_text(measure)): measure for measure in fixture_measures(plan)}
    failures = []
    for row in seed_rows():
        measure = measures.get(squash(row.measure.split("Zielgruppe:")[0]))
        if measure is None:
            failures.append(f"Zuständigkeit of {row.label()}: the measure itself is missing")
            continue
        responsibilities = list(measure.responsibilities.all())
        not_in_cell, leftover = account_for(row.responsibility, responsibilities)
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
