"""The spreadsheet layout KIT staff keep their action plan in: one row per measure.

Shared by the import (`actionplan.imports`) and the export (`actionplan.exports`), so that a file
written by the export reads back to the same plan.

Columns: Handlungsfeld · Problem/Herausforderung · Maßnahme · Zielgruppe · Indikatoren · Zuständigkeit
· Status, and, in exported files, ID and Version (the measure's id and a token of its saved state,
so that an import can tell rows changed in the portal since the export).
"""

import re

from django.utils import translation

from integration_portal.concurrency import combined_version, version_token

from .models import FIELD_NAME_SEPARATOR, Measure, Responsibility

FIELD = "field"
CHALLENGE = "challenge"
MEASURE = "measure"
TARGET_GROUP = "target_group"
INDICATORS = "indicators"
RESPONSIBILITIES = "responsibilities"
STATUS = "status"
ID = "id"
VERSION = "version"

# (key, header as written in files). Headers are data of the file format, hence German.
COLUMNS = [
    (FIELD, "Handlungsfeld"),
    (CHALLENGE, "Problem/Herausforderung"),
    (MEASURE, "Maßnahme"),
    (TARGET_GROUP, "Zielgruppe"),
    (INDICATORS, "Indikatoren"),
    (RESPONSIBILITIES, "Zuständigkeit"),
    (STATUS, "Status"),
    (ID, "ID"),
    (VERSION, "Version"),
]
HEADERS = dict(COLUMNS)
REQUIRED = [FIELD, CHALLENGE, MEASURE]
# Other spellings found in the plans themselves.
ALIASES = {
    "identifizierungproblem/herausforderung": CHALLENGE,
    "problem": CHALLENGE,
    "herausforderung": CHALLENGE,
    "maßnahmen": MEASURE,
    "massnahme": MEASURE,
    "indikator": INDICATORS,
    "indikatoren(zurkontrolle)": INDICATORS,
    "zuständigkeiten": RESPONSIBILITIES,
    "verantwortlich": RESPONSIBILITIES,
}

FIELD_SEPARATOR = FIELD_NAME_SEPARATOR  # between parent and sub-field, as `FieldOfAction.full_name` writes it
BULLETS = ("- ", "• ", "* ", "– ")

# Role words before the actors of a Zuständigkeit segment ("Verantwortlich: A, B; Begleitend: KIT").
ROLE_WORDS = {
    "verantwortlich": Responsibility.Role.LEAD,
    "federführend": Responsibility.Role.LEAD,
    "begleitend": Responsibility.Role.SUPPORTING,
    "beratend": Responsibility.Role.ADVISING,
    "finanzierung": Responsibility.Role.FUNDING,
    "beteiligt": Responsibility.Role.INVOLVED,
}
ROLE_HEADINGS = {
    Responsibility.Role.LEAD: "Verantwortlich",
    Responsibility.Role.SUPPORTING: "Begleitend",
    Responsibility.Role.ADVISING: "Beratend",
    Responsibility.Role.FUNDING: "Finanzierung",
    Responsibility.Role.INVOLVED: "Beteiligt",
}


def header_key(header):
    """The column a header names, ignoring case and spacing; None for an unknown column."""
    normalised = re.sub(r"\s+", "", str(header or "")).lower()
    for key, label in COLUMNS:
        if re.sub(r"\s+", "", label).lower() == normalised:
            return key
    return ALIASES.get(normalised)


def squash(text):
    """Text with runs of white space made one space: how cells are compared."""
    return " ".join(str(text or "").split())


def status_labels():
    with translation.override("de"):
        return {str(label): value for value, label in Measure.Status.choices}


def status_label(value):
    with translation.override("de"):
        return str(Measure.Status(value).label)


# Cells of one measure row ------------------------------------------------------------------


def text_cell(text, sub_points):
    """A text with its sub-points as "- " bullets below it."""
    lines = [text, *(f"- {point}" for point in sub_points)]
    return "\n".join(lines)


def parse_text_cell(cell):
    """(text, sub-points text) from a cell: lines before the first bullet are the text."""
    lines = [line.rstrip() for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text, points = [], []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        bullet = next((b for b in BULLETS if stripped.startswith(b)), None)
        if bullet or points:
            points.append(stripped[len(bullet) :].strip() if bullet else stripped)
        else:
            text.append(stripped)
    return "\n".join(text), "\n".join(points)


def indicators_cell(indicators):
    """One indicator per line as a "- " bullet; a sub-heading on its own line, ending in ":"."""
    lines, heading = [], ""
    for indicator in indicators:
        if indicator.group_heading != heading:
            heading = indicator.group_heading
            if heading:
                lines.append(heading if heading.endswith(":") else f"{heading}:")
        lines.append(f"- {squash(indicator.text)}")
    return "\n".join(lines)


def parse_indicators_cell(cell):
    """[(group heading, text)]: a line ending in ":" (without bullet) heads the lines below it."""
    items, heading = [], ""
    for line in cell.replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        bullet = next((b for b in BULLETS if stripped.startswith(b)), None)
        if bullet:
            items.append((heading, stripped[len(bullet) :].strip()))
        elif stripped.endswith(":"):
            heading = stripped
        else:
            items.append((heading, stripped))
    return items


def responsibilities_cell(responsibilities):
    """ "Verantwortlich: A, B [note]; Begleitend: C", consecutive actors of one role in one segment.

    Actors are named as in the plan: full name and, where there is one, the short name.
    """
    segments = []
    for responsibility in responsibilities:
        name = str(responsibility.actor)
        if responsibility.note:
            name = f"{name} [{responsibility.note}]"
        if segments and segments[-1][0] == responsibility.role:
            segments[-1][1].append(name)
        else:
            segments.append((responsibility.role, [name]))
    return "; ".join(f"{ROLE_HEADINGS[role]}: {', '.join(names)}" for role, names in segments)


def _split_outside_brackets(text, separator):
    parts, depth, current = [], 0, []
    for char in text:
        if char in "[(":
            depth += 1
        elif char in "])" and depth:
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


NOTE = re.compile(r"^(?P<name>.*?)\s*\[(?P<note>[^\]]*)\]\s*$", re.S)


def parse_responsibilities_cell(cell, is_known_actor):
    """[(actor name, role, note)] from a Zuständigkeit cell.

    Segments are separated by ";"; a segment may start with a role word and ":". Names are separated
    by ",", except where the joined parts name a known actor ("Fachbereich Jugend, Familie und Bildung").
    """
    items = []
    for segment in _split_outside_brackets(cell.replace("\n", ";"), ";"):
        segment = segment.strip()
        if not segment:
            continue
        role = Responsibility.Role.LEAD
        word, colon, rest = segment.partition(":")
        if colon and squash(word).lower() in ROLE_WORDS:
            role, segment = ROLE_WORDS[squash(word).lower()], rest
        parts = [part for part in _split_outside_brackets(segment, ",")]
        index = 0
        while index < len(parts):
            chosen = index + 1
            for end in range(len(parts), index + 1, -1):
                candidate = ",".join(parts[index:end])
                match = NOTE.match(candidate)
                if is_known_actor(squash(match.group("name") if match else candidate)):
                    chosen = end
                    break
            candidate = ",".join(parts[index:chosen]).strip()
            index = chosen
            if not candidate:
                continue
            match = NOTE.match(candidate)
            name, note = (match.group("name"), match.group("note")) if match else (candidate, "")
            if squash(name):
                items.append((squash(name), role, squash(note)))
    return items


def version_of(measure):
    """The Version column: the version (`integration_portal.concurrency`) of the measure with its
    challenge, indicators and responsibilities. Works on prefetched indicators and responsibilities."""
    parts = [version_token(measure), version_token(measure.challenge)]
    parts += [f"i{i.pk}:{version_token(i)}" for i in measure.indicators.all()]
    parts += [f"r{r.pk}:{version_token(r)}" for r in measure.responsibilities.all()]
    return combined_version(parts)
