"""Word-level differences of two texts, as a council reads them in a Synopse."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

# Words, runs of white space and single punctuation marks: a changed comma is one token, not a word.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A run of text that is unchanged (`equal`), new (`insert`) or gone (`delete`)."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[Segment]:
    """`old` turned into `new` as segments: deletions come before the insertions that replace them.

    White space between two changed words joins the change, so “drei Kurse” → “vier Treffen” reads as one
    deletion and one insertion rather than two of each.
    """
    if old == new:
        return [Segment(EQUAL, old)] if old else []
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in _joined_opcodes(matcher.get_opcodes(), old_tokens):
        if tag == EQUAL:
            _append(segments, EQUAL, "".join(old_tokens[i1:i2]))
            continue
        deleted, inserted = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if deleted and inserted:
            _append(segments, DELETE, deleted)
            _append(segments, INSERT, inserted)
        else:
            _append_trimmed(segments, DELETE if deleted else INSERT, deleted or inserted)
    return segments


def _append_trimmed(segments: list[Segment], op: str, text: str) -> None:
    """A pure insertion or deletion without the white space at its edges, which stays unmarked."""
    core = text.strip()
    start = text.index(core) if core else len(text)
    _append(segments, EQUAL, text[:start])
    _append(segments, op, core)
    _append(segments, EQUAL, text[start + len(core) :])


def _joined_opcodes(opcodes, old_tokens):
    """Opcodes with an equal run of white space only between two changes folded into the change."""
    joined = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1 and tag == EQUAL
        if between_changes and "".join(old_tokens[i1:i2]).isspace() and joined and joined[-1][0] != EQUAL:
            _, p1, _, q1, _ = joined.pop()
            _, _, n2, _, m2 = opcodes[index + 1]
            joined.append(("replace", p1, n2, q1, m2))
            opcodes[index + 1] = (EQUAL, n2, n2, m2, m2)
            continue
        if tag == EQUAL and i1 == i2 and j1 == j2:
            continue
        joined.append((tag, i1, i2, j1, j2))
    return joined


def _append(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def word_set(text: str) -> set[str]:
    """The lower-case words of `text`, for telling which measure an added one was split from."""
    return {token.lower() for token in tokens(text) if token[0].isalnum() or token[0] == "_"}
