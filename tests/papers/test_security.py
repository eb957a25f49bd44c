"""Nothing but the app's own static files gets into a PDF: no local files, no web requests, text stays text."""

import socket
import threading

import pytest

from actionplan.models import Measure
from integration_portal.pdf import ASSET_ORIGIN, StaticOnlyFetcher, write_pdf
from papers.pdf import html_to_pdf, render_paper_pdf

from ..factories import build_plan
from .factories import make_paper
from .pdftext import page_texts, reader, squeeze

PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "url(http://127.0.0.1:9/x)",
]


class SpyFetcher(StaticOnlyFetcher):
    """The real fetcher, remembering every URL it was asked for."""

    def __init__(self):
        super().__init__()
        self.asked = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1:9 that records every connection made to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 9))
    server.listen()
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except OSError:
                continue
            connections.append(address)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield connections
    stop.set()
    thread.join()
    server.close()


def has_embedded_files(pdf):
    document = reader(pdf)
    if "/Names" in document.trailer["/Root"] and "/EmbeddedFiles" in document.trailer["/Root"]["/Names"]:
        return True
    return any(
        annotation.get_object().get("/Subtype") == "/FileAttachment"
        for page in document.pages
        for annotation in page.get("/Annots", [])
    )


@pytest.mark.django_db
def test_hostile_measure_text_is_printed_as_text_and_fetches_nothing(district, listener):
    plan = build_plan(district=district, measures=2, fields=1)
    Measure.objects.filter(challenge__field__plan=plan).update(text=" ".join(PAYLOADS))
    paper = make_paper(district=district, annex_plan=plan, statement_of_facts=" ".join(PAYLOADS))
    fetcher = SpyFetcher()

    pdf = render_paper_pdf(paper, fetcher=fetcher)

    # The document asks for nothing but the draft mark (stylesheets and fonts come parsed from the app);
    # the payloads never became requests.
    assert fetcher.asked == [f"{ASSET_ORIGIN}papers/draft-mark.svg"]
    assert listener == []
    assert not has_embedded_files(pdf)
    assert b"root:x:0:0" not in pdf
    # The reader sees the text as typed, three times (Sachverhalt and two measures).
    text = squeeze("".join(page_texts(pdf)))
    for payload in PAYLOADS:
        assert text.count(squeeze(payload)) == 3, payload


def test_markup_that_slipped_through_is_refused_by_the_fetcher(listener):
    """Even unescaped HTML (as if a template forgot to escape) reaches neither files nor hosts."""
    html = f"""<!DOCTYPE html><html lang="de"><head><title>Test</title>
    <link rel="stylesheet" href="http://127.0.0.1:9/style.css">
    <style>@import url("file:///etc/passwd"); body {{ background: url(http://127.0.0.1:9/x); }}</style>
    </head><body><p>Text</p>{"".join(PAYLOADS)}
    <img src="data:image/svg+xml;base64,PHN2Zy8+"><img src="{ASSET_ORIGIN}../../../../etc/passwd">
    <a rel="attachment" href="{ASSET_ORIGIN}papers/paper_pdf.css">css</a></body></html>"""
    fetcher = SpyFetcher()

    pdf = html_to_pdf(html, fetcher=fetcher)

    refused = set(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:9/x" in refused
    assert "http://127.0.0.1:9/style.css" in refused
    served = [url for url in fetcher.asked if url not in refused]
    # The one thing served is the app's own stylesheet (linked as an attachment); no path escapes static files.
    assert served == [f"{ASSET_ORIGIN}papers/paper_pdf.css"]
    assert listener == []
    assert b"root:x:0:0" not in pdf


def test_the_apps_stylesheets_too_get_static_files_only(settings, tmp_path, listener):
    """Stylesheets are parsed once per thread through their own fetcher, under the same rules."""
    (tmp_path / "hostile.css").write_text(
        '@import url("file:///etc/passwd"); body { background: url(http://127.0.0.1:9/x); }'
        '@font-face { font-family: Evil; src: url("https://example.org/evil.woff2"); } p { font-family: Evil; }'
    )
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]

    pdf = write_pdf("<!DOCTYPE html><html lang=de><title>T</title><p>Text</p>", stylesheets=["hostile.css"])

    assert "Text" in "".join(page_texts(pdf))
    assert listener == []
    assert b"root:x:0:0" not in pdf


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/font.woff2",
        "data:text/css,body{}",
        f"{ASSET_ORIGIN}../settings.py",
        f"{ASSET_ORIGIN}%2e%2e/%2e%2e/etc/passwd",
        "https://pdf-assets.invalid.example.org/papers/paper_pdf.css",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url, listener):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)
    assert listener == []


def test_fetcher_serves_the_apps_stylesheet():
    response = StaticOnlyFetcher().fetch(f"{ASSET_ORIGIN}papers/paper_pdf.css")
    assert b"@page" in response.read()
