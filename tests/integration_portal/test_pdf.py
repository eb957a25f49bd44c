"""The one way the portal writes PDFs: stylesheets and fonts parsed once per thread, garbage collection
paused only while WeasyPrint works."""

import gc
import threading

import pytest

from integration_portal import pdf

HTML = '<!DOCTYPE html><html lang="de"><title>Test</title><p style="font-family: \'Noto Sans\'">Seite</p>'
STYLESHEETS = ["pdf/fonts.css"]


def test_garbage_collection_is_on_again_after_a_render_and_after_a_failed_one():
    assert gc.isenabled()
    assert pdf.write_pdf(HTML, stylesheets=STYLESHEETS).startswith(b"%PDF")
    assert gc.isenabled()
    with pytest.raises(KeyError):
        pdf.write_pdf(HTML, stylesheets=STYLESHEETS, pdf_variant="no-such-variant")
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off():
    gc.disable()
    try:
        pdf.write_pdf(HTML, stylesheets=STYLESHEETS)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_stylesheets_and_fonts_are_parsed_once_per_thread():
    first = pdf._fonts_and_stylesheets(tuple(STYLESHEETS))
    assert pdf._fonts_and_stylesheets(tuple(STYLESHEETS)) == first
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf._fonts_and_stylesheets(tuple(STYLESHEETS))))
    thread.start()
    thread.join()
    # Pango's font map is not thread-safe: another thread gets its own.
    assert other[0][0] is not first[0]
