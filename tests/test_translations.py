"""Every catalogue is complete and each compiled .mo matches the .po the developers edit.

The project catalogue lives in locale/, each app may keep its own in <app>/locale/.
"""

import gettext
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    po
    for pattern in ("locale/*/LC_MESSAGES/django.po", "*/locale/*/LC_MESSAGES/django.po")
    for po in ROOT.glob(pattern)
    if ".venv" not in po.parts
)


def po_entries(po):
    """(context, msgid) → msgstr of the .po (written with --no-wrap, so one line each)."""
    entries, context, msgid = {}, None, None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            raise AssertionError(f"{po}: fuzzy entries borrow another text; translate them")
        if line.startswith("msgctxt "):
            context = json.loads(line[8:])
        elif line.startswith("msgid "):
            msgid = json.loads(line[6:])
        elif line.startswith("msgstr ") and msgid:
            entries[context, msgid] = json.loads(line[7:])
            context = None
    return entries


def test_the_project_catalogue_exists():
    assert ROOT / "locale/de/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_every_string_is_translated(po):
    untranslated = [msgid for (_context, msgid), msgstr in po_entries(po).items() if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_compiled_catalogue_matches_the_po_file(po):
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for (context, msgid), msgstr in po_entries(po).items()
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert stale == [], "run compilemessages"


def test_one_english_text_has_one_german_text_in_every_catalogue():
    """Django merges the catalogues; a text translated twice would show whichever app comes first."""
    german = {}
    for po in CATALOGUES:
        if po.parent.parent.name != "de":
            continue
        for key, msgstr in po_entries(po).items():
            german.setdefault(key, {})[str(po.relative_to(ROOT))] = msgstr
    differing = {key: texts for key, texts in german.items() if len(set(texts.values())) > 1}
    assert differing == {}
