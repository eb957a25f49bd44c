"""The German catalogue is complete and the compiled .mo matches the .po the developers edit."""

import gettext
import json
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "de" / "LC_MESSAGES"


def po_entries():
    """msgid → msgstr of the .po (written with --no-wrap, so one line each)."""
    entries, msgid = {}, None
    for line in (LOCALE / "django.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            raise AssertionError("fuzzy entries borrow another text; translate them")
        if line.startswith("msgid "):
            msgid = json.loads(line[6:])
        elif line.startswith("msgstr ") and msgid:
            entries[msgid] = json.loads(line[7:])
    return entries


def test_every_string_is_translated():
    untranslated = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in po_entries().items() if catalogue.gettext(msgid) != msgstr]
    assert stale == [], "run compilemessages"
