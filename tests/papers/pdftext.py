"""Reading a generated PDF the way a reader or an archive does: text per page, outline, catalogue."""

import io
import re

from pypdf import PdfReader


def reader(pdf):
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf):
    return [page.extract_text() or "" for page in reader(pdf).pages]


def squeeze(text):
    """Text without any whitespace and hyphenation hyphens: line breaks inside table cells do not matter."""
    return re.sub(r"\s+|\u2010", "", text)


def outline_titles(pdf):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader(pdf).outline)
    return titles


def outline_pages(pdf):
    """{bookmark title: index of the page it points to} over the whole outline."""
    pdf_reader = reader(pdf)
    pages = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(item.title, pdf_reader.get_destination_page_number(item))

    walk(pdf_reader.outline)
    return pages


def font_names(pdf):
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names
