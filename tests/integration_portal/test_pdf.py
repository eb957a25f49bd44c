"""The one way the portal writes PDFs: stylesheets and fonts parsed once per thread, garbage collection
paused only while WeasyPrint works."""

import gc
import logging
import threading

import pytest
from django.core.management import call_command
from weasyprint.text import ffi

from integration_portal import pdf
from integration_portal.checks import check_pdf_libraries

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


def test_fonts_are_subset_by_harfbuzz_not_by_the_deprecated_fallback(caplog):
    caplog.set_level(logging.WARNING)
    pdf.write_pdf(HTML, stylesheets=STYLESHEETS)
    assert "fontTools" not in caplog.text, "The portal needs HarfBuzz's subsetter: apt-get install libharfbuzz-subset0"
    assert check_pdf_libraries(None) == []


def test_the_system_check_names_the_missing_subsetter(monkeypatch, capsys):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    call_command("check")
    assert "integration_portal.W001" in capsys.readouterr().err
    assert "apt-get install libharfbuzz-subset0" in "".join(w.hint for w in check_pdf_libraries(None))
