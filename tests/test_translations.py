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
    """msgid → msgstr of the .po (written with --no-wrap, so one line each)."""
    entries, msgid = {}, None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            raise AssertionError(f"{po}: fuzzy entries borrow another text; translate them")
        if line.startswith("msgid "):
            msgid = json.loads(line[6:])
        elif line.startswith("msgstr ") and msgid:
            entries[msgid] = json.loads(line[7:])
    return entries


def test_the_project_catalogue_exists():
    assert ROOT / "locale/de/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_every_string_is_translated(po):
    untranslated = [msgid for msgid, msgstr in po_entries(po).items() if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_compiled_catalogue_matches_the_po_file(po):
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in po_entries(po).items() if catalogue.gettext(msgid) != msgstr]
    assert stale == [], "run compilemessages"
