"""The export: the plan in the import's layout, with formula-like cells made harmless in both formats."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplan import exports, imports
from actionplan.models import Measure

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://evil")', "+49 431", "-1+1", "@SUMME(A1)", "\tTab", "\rZeile"]


def test_xlsx_download_has_the_layout_and_every_measure(demo_client, demo_plan):
    response = demo_client.get(reverse("admin:actionplan_export", args=[demo_plan.pk, "xlsx"]))
    assert response.status_code == 200
    assert 'filename="aktionsplan-rendsburg-eckernfoerde-1.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Handlungsfeld", "Problem/Herausforderung", "Maßnahme", "Zielgruppe", "Indikatoren", "Zuständigkeit",
        "Status", "ID", "Version",
    )  # fmt: skip
    assert len(rows) == 40
    sprache = rows[1]
    assert sprache[0] == "Sprache"
    assert sprache[2] == "Schaffung von Transparenz der Sprachkurs-Landschaft im Kreis Rendsburg-Eckernförde"
    kit = "Koordinierungsstelle Integration und Teilhabe (KIT)"
    assert sprache[5] == f"Verantwortlich: {kit}; Beteiligt: Sprachkursträger"
    assert sprache[6] == "geplant"


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_cells_are_escaped_in_both_formats_and_read_back(demo_plan, value):
    measure = Measure.objects.filter(challenge__field__plan=demo_plan).order_by("pk").first()
    measure.text = value
    measure.save()

    xlsx = exports.plan_export_bytes(plan=demo_plan, file_format="xlsx")
    xlsx_cells = [cell for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for cell in row]
    csv_cells = [
        c
        for row in csv.reader(
            io.StringIO(exports.plan_export_bytes(plan=demo_plan, file_format="csv").decode("utf-8-sig")), delimiter=";"
        )
        for c in row
    ]

    # XLSX: no formula, and the text shows as entered, without an apostrophe: a text cell.
    assert not any(cell.data_type == "f" for cell in xlsx_cells)
    texts = [cell.value for cell in xlsx_cells if isinstance(cell.value, str)]
    assert not any(text.startswith("'") for text in texts)
    assert any(text.startswith("- ") for text in texts)  # indicator bullets
    shown = [text.replace("\r", "\n") for text in texts]
    assert value.replace("\r", "\n").split("\n")[0] in [text.split("\n")[0] for text in shown]
    # CSV has no cell types: an apostrophe before formula-like text.
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in csv_cells)
    assert any(c.startswith("'- ") for c in csv_cells)

    # Reading the file back gives the text as saved.
    analysis = imports.analyse(plan=demo_plan, rows=imports.read_table(xlsx, "plan.xlsx"))
    assert analysis.counts["unchanged"] == 39


def test_responsible_bodies_are_exported_with_full_and_short_name_and_read_back_unchanged(demo_plan):
    xlsx = exports.plan_export_bytes(plan=demo_plan, file_format="xlsx")
    rows = [list(row) for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)]
    cells = [row[5] or "" for row in rows[1:]]
    assert any("Bundesamt für Migration und Flüchtlinge (BAMF)" in cell for cell in cells)

    # The exported file, read back as it is, changes nothing: the names find their actors.
    table = [["" if value is None else str(value) for value in row] for row in rows]
    analysis = imports.analyse(plan=demo_plan, rows=table)
    assert analysis.is_valid and not analysis.has_changes, analysis.errors
    assert analysis.new_actors == []
