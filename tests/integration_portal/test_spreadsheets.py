"""No exported cell can run as a formula in Excel or LibreOffice."""

import csv
import io

import pytest
from openpyxl import load_workbook

from integration_portal.spreadsheets import csv_text, xlsx_bytes

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_cells_are_text_in_xlsx(value):
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Maßnahme"], [[value]]))).active
    cell = sheet["A2"]
    # A text cell with Excel's hidden quote prefix: shown as entered, never calculated, no visible apostrophe.
    assert cell.data_type == "s"
    assert cell.quotePrefix
    # Depending on the XML writer a carriage return may come back as a line feed.
    assert cell.value in (value, value.replace("\r", "\n"))


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_cells_are_text_in_csv(value):
    rows = list(csv.reader(io.StringIO(csv_text(["Maßnahme"], [[value]]), newline=""), delimiter=";"))
    assert rows[1] == ["'" + value]


def test_ordinary_text_and_numbers_stay_as_they_are():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Text", "Zahl"], [["Sprachkurse für Eltern", 12]]))).active
    assert [cell.value for cell in sheet[2]] == ["Sprachkurse für Eltern", 12]
