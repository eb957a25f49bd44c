"""Production serves its own static files (WhiteNoise), PDFs need no node_modules, media files are private."""

import re
import stat

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from integration_portal import pdf as portal_pdf
from papers import pdf as paper_pdf
from papers.pdf import render_paper_pdf
from tests.papers.factories import make_paper
from tests.papers.pdftext import font_names, page_texts

from .production_node import ROOT, ask, manage, production_environment

FONT = "fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2"


@pytest.fixture(scope="module")
def collected_node(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("node")
    environment = production_environment(tmp_path)
    manage(environment, "collectstatic", "--noinput", "-v", "0")
    return environment, tmp_path


def test_gunicorn_alone_serves_hashed_css_with_a_long_cache_lifetime(collected_node):
    environment, tmp_path = collected_node
    (page,), _ = ask(environment, "/no-such-page/")
    assert page["status"] == 404
    linked = re.search(r'href="/static/(css/portal\.[0-9a-f]{12}\.css)"', page["body"])
    assert linked, "the page links the unhashed name"
    assert (tmp_path / "static" / linked.group(1)).is_file()

    (css, unknown), _ = ask(environment, f"/static/{linked.group(1)}", "/static/css/no-such.css")
    assert css["status"] == 200
    assert css["headers"]["content-type"].startswith("text/css")
    assert "max-age=315360000" in css["headers"]["cache-control"]
    assert "immutable" in css["headers"]["cache-control"]
    assert ".navbar" in css["body"] or "{" in css["body"]
    assert unknown["status"] == 404


def test_production_keeps_static_and_media_outside_the_code(tmp_path):
    environment = production_environment(tmp_path)
    del environment["STATIC_ROOT"], environment["MEDIA_ROOT"]
    result = manage(
        environment,
        "shell",
        "-c",
        "from django.conf import settings; print('roots', settings.STATIC_ROOT, settings.MEDIA_ROOT)",
    )
    static_root, media_root = result.stdout.split("roots ")[1].split()
    assert (static_root, media_root) == ("/var/lib/integrationsportal/static", "/var/lib/integrationsportal/media")
    assert not static_root.startswith(str(ROOT)) and not media_root.startswith(str(ROOT))


@pytest.fixture
def fresh_pdf_assets():
    """Stylesheets and fonts are parsed once per thread and process: read them again, before and after."""

    def forget():
        portal_pdf._thread_cache.__dict__.clear()
        portal_pdf._decompressed_font.cache_clear()
        paper_pdf.asset_fingerprint.cache_clear()

    forget()
    yield
    forget()


def test_paper_pdf_embeds_the_noto_fonts_from_the_collected_files_without_node_modules(
    settings, tmp_path, district, fresh_pdf_assets
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "-v", "0")
    # An app server without node_modules: the finders know the project's own static folder only.
    settings.STATICFILES_DIRS = [ROOT / "static"]
    settings.PDF_ASSETS_FROM_STATIC_ROOT = True
    assert finders.find(FONT) is None

    paper = make_paper(district=district, title="Willkommen – Добро пожаловать – أهلا وسهلا")
    pdf = render_paper_pdf(paper)

    assert "Добро пожаловать" in page_texts(pdf)[0]
    fonts = font_names(pdf)
    assert any(name.endswith("+Noto-Sans") for name in fonts), fonts
    assert any("Arabic" in name for name in fonts), fonts
    assert all("Noto" in name for name in fonts), fonts


def test_files_the_portal_writes_are_0640_in_folders_0750(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("papers/drafts/1/paper.pdf", ContentFile(b"%PDF-1.7"))
    written = tmp_path / "media" / name
    assert stat.S_IMODE(written.stat().st_mode) == 0o640
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "media" / "papers").stat().st_mode) == 0o750
