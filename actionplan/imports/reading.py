"""Reading an uploaded file: size, type and row count are checked before parsing; cells come back as text."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from integration_portal.spreadsheets import unescape_cell

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
# A zip archive that unpacks to far more than the upload limit is refused unread.
MAX_UNPACKED_BYTES = 20 * MAX_BYTES


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in German."""


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The rows of the file (header first) as lists of strings. Raises ImportFileError."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise ImportFileError(_("Only XLSX and CSV files can be imported."))


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows; split it into several files.") % {"max": MAX_ROWS})


def _check_archive(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("The file is no XLSX file. Save it in Excel as “Excel-Arbeitsmappe (.xlsx)”."))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ImportFileError(_("The file unpacks to more than allowed and was not read."))


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        _check_archive(data)
        # openpyxl parses the XML with defusedxml when it is installed (it is pinned in requirements.txt).
        # Formulas are read as formulas, not as the values last computed, so that they can be refused.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise _too_many_rows()
        rows = []
        for cells in sheet.iter_rows():
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            _refuse_formulas(cells, len(rows) + 1, rows[0] if rows else [])
            rows.append([unescape_cell(cell.value) for cell in cells])
        workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:  # a broken archive or sheet, whatever the library raises
        raise ImportFileError(_("The XLSX file is damaged and cannot be read.")) from exc
    return rows


def _refuse_formulas(cells, number: int, header: list[str]) -> None:
    """A formula's text would be imported instead of what the cell shows: refused, naming the cell."""
    for index, cell in enumerate(cells):
        if getattr(cell, "data_type", None) == "f":
            column = header[index] if index < len(header) and header[index] else cell.column_letter
            raise ImportFileError(
                _(
                    "Row %(row)s, column “%(column)s”: the cell holds a formula. Formulas are not imported; "
                    "replace it by its text (copy, then paste as values)."
                )
                % {"row": number, "column": column}
            )


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            _("The CSV file is neither UTF-8 nor Windows-1252 text. Save it in Excel as “CSV UTF-8”.")
        )
    if "\x00" in text:
        raise ImportFileError(_("The file is no CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    rows = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            rows.append([unescape_cell(value) for value in values])
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is damaged and cannot be read.")) from exc
    return rows
