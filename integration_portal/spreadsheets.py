"""Spreadsheet downloads (XLSX and CSV) that no spreadsheet program runs as formulas.

A cell that begins with =, +, -, @, tab or carriage return is formula-like. In XLSX it is written as a
text cell (string type, with Excel's hidden quote prefix), so it shows exactly as entered; CSV has no
cell types, so `safe_cell` puts an apostrophe before it there. `unescape_cell` takes the apostrophe
away again on import.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value):
    """A cell as written, without the apostrophe `safe_cell` put before formula-like text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    # XLSX stores a carriage return as a line feed, so "\n" after the apostrophe was a "\r".
    if value.startswith("'") and value[1:2] and value[1:2] in (*FORMULA_STARTS, "\n"):
        return value[1:]
    return value


def _keep_as_text(cells):
    """Formula-like text stays text: a string cell is never calculated, and the quote prefix is hidden."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def xlsx_bytes(header, rows, *, title="Export"):
    """One sheet with a bold, frozen header row; text wraps; every cell made harmless."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for sheet names
    for row in [header, *rows]:
        sheet.append(list(row))
        _keep_as_text(sheet[sheet.max_row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 40
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(header, rows):
    """CSV as German spreadsheet programs open it: semicolons, every cell made harmless."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def xlsx_response(filename, header, rows, *, title="Export"):
    response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_bytes(header, rows):
    # The byte order mark makes Excel read the file as UTF-8 (umlauts, Arabic, Cyrillic).
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")


def csv_response(filename, header, rows):
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
