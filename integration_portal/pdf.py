"""PDFs made with WeasyPrint get nothing but the app's own static files.

Assets live under ASSET_ORIGIN + <static path>; the fetcher answers those from the collected static files
(production) or the staticfiles finders (development, see `find_static`) and refuses everything else
(file://, http(s)://, data:, any other host), whatever a stylesheet, image or attachment link asks for.

`write_pdf` is the one way the app turns HTML into a PDF: its stylesheets and fonts are parsed once per
thread and reused, so a render spends its time on the document only, and qpdf compresses the result.
"""

import gc
import logging
import threading
from contextlib import contextmanager
from functools import cache
from io import BytesIO
from mimetypes import guess_type
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from fontTools.ttLib import TTFont

# WeasyPrint logs each rendering step at INFO, pikepdf its start on import; only warnings (e.g. a refused
# URL) belong in the log.
for name in ("weasyprint.progress", "fontTools", "pikepdf"):
    logging.getLogger(name).setLevel(logging.WARNING)

import pikepdf  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# A host that cannot exist (RFC 2606): WeasyPrint needs an absolute base URL, nothing is ever sent there.
ASSET_ORIGIN = "https://pdf-assets.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static files under ASSET_ORIGIN; refuses every other URL without opening it."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused = []

    def fetch(self, url, headers=None):
        if not url.startswith(ASSET_ORIGIN):
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url[:100]!r}: only the portal's own static files are allowed.")
        path = unquote(url[len(ASSET_ORIGIN) :].split("?", 1)[0].split("#", 1)[0])
        found = None if ".." in path.split("/") or path.startswith("/") else find_static(path)
        if not found:
            self.refused.append(url)
            raise ValueError(f"No static file {path[:100]!r}.")
        if path.endswith(".woff2"):
            return URLFetcherResponse(url, _decompressed_font(found), {"Content-Type": "font/ttf"})
        with open(found, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": guess_type(path)[0] or "application/octet-stream"})


def find_static(path: str) -> str | None:
    """The file of the static path `path`, or None.

    In production from STATIC_ROOT, as collected (an app server needs no node_modules); elsewhere through the
    finders, so development and tests need no collectstatic.
    """
    if not settings.PDF_ASSETS_FROM_STATIC_ROOT:
        return finders.find(path)
    return staticfiles_storage.path(path) if staticfiles_storage.exists(path) else None


@cache
def _decompressed_font(absolute_path):
    """The font as plain TrueType, unpacked once per process: WOFF2 decoding is most of a short render's time."""
    font = TTFont(absolute_path)
    font.flavor = None
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


# Pango's font map is not thread-safe: each rendering thread keeps its own fonts and parsed stylesheets.
_thread_cache = threading.local()


def _fonts_and_stylesheets(paths):
    """This thread's font configuration and the parsed stylesheets at `paths` (static paths)."""
    if not hasattr(_thread_cache, "font_config"):
        _thread_cache.font_config = FontConfiguration()
        _thread_cache.stylesheets = {}
    if paths not in _thread_cache.stylesheets:
        _thread_cache.stylesheets[paths] = [
            CSS(url=ASSET_ORIGIN + path, url_fetcher=StaticOnlyFetcher(), font_config=_thread_cache.font_config)
            for path in paths
        ]
    return _thread_cache.font_config, _thread_cache.stylesheets[paths]


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused():
    """Cyclic garbage collection waits while WeasyPrint builds a document.

    A render allocates hundreds of thousands of boxes, styles and layouts, and the collector would walk them
    and the rest of the process again and again (about a tenth of a render). The first collection after
    the render frees the cycles it left behind. Counted, as two threads may render at once.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def write_pdf(html, *, stylesheets, fetcher=None, **options):
    """The PDF of `html` styled by the static files `stylesheets`; anything the HTML itself links goes
    through `fetcher` (a fresh StaticOnlyFetcher by default). `options` go to WeasyPrint's write_pdf."""
    font_config, parsed = _fonts_and_stylesheets(tuple(stylesheets))
    document = HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=fetcher or StaticOnlyFetcher())
    with _gc_paused():
        written = document.write_pdf(stylesheets=parsed, font_config=font_config, uncompressed_pdf=True, **options)
    return _compressed(written)


def _compressed(pdf):
    """`pdf` with its streams compressed and its objects packed into object streams by qpdf.

    WeasyPrint compresses in Python at zlib's highest level, about a tenth of a render; qpdf does it in C++
    at the default level (the real paper's file is 3 % larger). Every object (tags, outline, metadata,
    fonts) is kept as it is.
    """
    with pikepdf.open(BytesIO(pdf)) as document:
        if "/StructTreeRoot" in document.Root:
            complete_structure(document)
        output = BytesIO()
        document.save(
            output,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return output.getvalue()


def _kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _struct_elements(document):
    """Every structure element of the tagged PDF, parents before their children."""
    pending = _kids(document.Root.StructTreeRoot)
    while pending:
        element = pending.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            yield element
            pending.extend(_kids(element))


def _header_scope(header):
    """/Column for a header in the table's head or in a row of headers only, /Row beside data cells."""
    row = header.get("/P")
    if row is None or row.get("/P", {}).get("/S") == "/THead":
        return pikepdf.Name.Column
    has_data = any(isinstance(cell, pikepdf.Dictionary) and cell.get("/S") == "/TD" for cell in _kids(row))
    return pikepdf.Name.Row if has_data else pikepdf.Name.Column


def _wrap_list_body(document, item):
    """Puts what follows a list item's label into an LBody, as PDF/UA asks (WeasyPrint leaves it loose)."""
    labels, body = [], []
    for kid in _kids(item):
        is_label = isinstance(kid, pikepdf.Dictionary) and kid.get("/S") in ("/Lbl", "/LBody")
        (labels if is_label else body).append(kid)
    # Loose marked content (an MCID) would need its parent-tree entry moved too; WeasyPrint writes none.
    if not body or not all(isinstance(kid, pikepdf.Dictionary) and "/S" in kid for kid in body):
        return
    lbody = document.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array(body))
    )
    if "/Pg" in item:
        lbody.Pg = item.Pg
    for kid in body:
        kid.P = lbody
    item.K = pikepdf.Array([*labels, lbody])


def complete_structure(document):
    """Adds what WeasyPrint's tags lack for PDF/UA (Matterhorn 15-003 and the list rules of ISO 32000).

    Every table header cell gets its /Scope; every list item's content goes into an LBody after its label.
    """
    for element in list(_struct_elements(document)):
        tag = element.S
        if tag == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = element.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            attributes.Scope = _header_scope(element)
        elif tag == "/LI":
            _wrap_list_body(document, element)
