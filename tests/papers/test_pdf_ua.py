"""The paper PDF's structure tree passes the PDF/UA (Matterhorn) checks a screen reader depends on.

veraPDF needs Java, which is not installed here; these checks read the tree with pikepdf instead.
"""

import io
import shutil
import subprocess
from collections import Counter

import pikepdf
import pytest
from PIL import Image

from papers.pdf import render_paper_pdf

from .factories import make_paper
from .pdftext import page_texts, reader


@pytest.fixture
def tagged(demo):
    pdf = render_paper_pdf(demo["paper"])
    with pikepdf.open(io.BytesIO(pdf)) as document:
        yield pdf, document


def kids(element):
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def elements(document, tag=None):
    return descendants(document.Root.StructTreeRoot, tag)


def descendants(parent, tag=None):
    pending = kids(parent)
    found = []
    while pending:
        element = pending.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            if tag is None or element.S == tag:
                found.append(element)
            pending.extend(kids(element))
    return found


def struct_kids(element, *tags):
    return [kid for kid in kids(element) if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") in tags]


def rows_of(table):
    rows = struct_kids(table, "/TR")
    for part in struct_kids(table, "/THead", "/TBody", "/TFoot"):
        rows += struct_kids(part, "/TR")
    return rows


def attribute(cell, name, default=None):
    attributes = cell.get("/A")
    for dictionary in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(dictionary, pikepdf.Dictionary) and name in dictionary:
            return dictionary[name]
    return default


def test_every_header_cell_has_a_scope(tagged):
    """Matterhorn 15-003: a TH without /Scope (and without /Headers on its cells) breaks the claim."""
    _pdf, document = tagged
    headers = elements(document, "/TH")
    assert len(headers) > 50
    scopes = Counter(str(attribute(header, "/Scope")) for header in headers)
    assert set(scopes) <= {"/Column", "/Row"}, scopes


def test_row_headers_are_scoped_as_rows(district):
    paper = make_paper(district=district, has_financial_effects=True, in_budget=True, product_name="Integration")
    with pikepdf.open(io.BytesIO(render_paper_pdf(paper))) as document:
        scopes = Counter(str(attribute(header, "/Scope")) for header in elements(document, "/TH"))
    # The Beratungsfolge's column headers, the financial effects' row headers.
    assert scopes["/Row"] >= 5 and scopes["/Column"] >= 3, scopes
    assert set(scopes) == {"/Column", "/Row"}, scopes


def cell_grid(table):
    """[(row index, column index, cell)] with row and column spans taken into account."""
    placed, occupied = [], set()
    for row_index, row in enumerate(rows_of(table)):
        column = 0
        for cell in struct_kids(row, "/TH", "/TD"):
            while (row_index, column) in occupied:
                column += 1
            colspan, rowspan = int(attribute(cell, "/ColSpan", 1)), int(attribute(cell, "/RowSpan", 1))
            occupied |= {(row_index + r, column + c) for r in range(rowspan) for c in range(colspan)}
            placed.append((row_index, column, cell))
            column += colspan
    return placed, occupied


def test_every_cell_is_announced_under_its_own_column_header(tagged):
    """Matterhorn 15-001/15-002: regular tables, and cells tied to the right headers; a row under a cell
    that spans several measures must neither lose a column nor shift its cells under the wrong header."""
    _pdf, document = tagged
    tables = elements(document, "/Table")
    assert len(tables) > 10
    for table in tables:
        placed, occupied = cell_grid(table)
        widths = Counter(row for row, _column in occupied)
        assert len(set(widths.values())) == 1, widths
        column_headers = {
            bytes(cell.ID): column
            for _row, column, cell in placed
            if cell.S == "/TH" and str(attribute(cell, "/Scope")) != "/Row" and "/ID" in cell
        }
        for _row, column, cell in placed:
            if cell.S == "/TD" and column_headers:
                columns = {
                    column_headers[bytes(id_)]
                    for id_ in attribute(cell, "/Headers", [])
                    if bytes(id_) in column_headers
                }
                assert columns == {column}, (columns, column)
        # A data table has headers: the paper's header block is a layout of paragraphs, not a table.
        assert descendants(table, "/TH"), "table without header cells"


def test_every_list_item_has_a_body(tagged):
    """ISO 32000 14.8.4.3.3: a list item holds a label and a body (LBody), nothing loose."""
    _pdf, document = tagged
    items = elements(document, "/LI")
    assert len(items) > 100
    for item in items:
        tags = [str(kid.S) for kid in kids(item) if isinstance(kid, pikepdf.Dictionary)]
        assert "/LBody" in tags, tags
        assert set(tags) <= {"/Lbl", "/LBody"}, tags


def test_the_header_block_is_layout_not_a_data_table(tagged):
    _pdf, document = tagged
    document_element = kids(document.Root.StructTreeRoot)[0]
    first = [str(kid.S) for kid in kids(document_element)[:3]]
    # The title, then the header block as paragraphs in a Div, then the Beratungsfolge table.
    assert first == ["/H1", "/Div", "/Table"], first
    assert len(struct_kids(kids(document_element)[1], "/P")) == 7


def test_the_draft_mark_is_drawn_but_not_text(demo, tagged):
    pdf, document = tagged
    # No letters of the mark between the paragraphs, whichever way the text is read.
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    poppler_text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for text in [poppler_text, *page_texts(pdf)]:
        assert "ENTWURF" not in text
        lines = [line.strip() for line in text.splitlines()]
        assert not {"E", "N", "TW", "U", "R", "F", "W"} & set(lines)
    # Nor is it in the tagged content: the page starts with the paper's title.
    assert str(kids(kids(document.Root.StructTreeRoot)[0])[0].S) == "/H1"
    # Screen readers learn it is a draft from the document title.
    assert reader(pdf).metadata.title.endswith("(Entwurf)")
    # But every page shows it, in pale red, and a released paper does not.
    assert all(red_pixels(pdf, page) > 2000 for page in (1, len(document.pages)))
    assert red_pixels(render_paper_pdf(demo["drucksache"]), 1) == 0


def red_pixels(pdf, page):
    pdftoppm = shutil.which("pdftoppm") or pytest.fail("pdftoppm is missing: apt-get install poppler-utils")
    png = subprocess.run(
        [pdftoppm, "-png", "-r", "30", "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 24)
    return sum(count for count, (r, g, b) in colours if r > 200 and g < 215 and r - g > 25 and abs(g - b) < 20)
