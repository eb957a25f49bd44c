"""PDFs made with WeasyPrint get nothing but the app's own static files.

Templates link assets as `{{ asset_base }}<static path>`; the fetcher answers those from the staticfiles
finders and refuses everything else (file://, http(s)://, data:, any other host), whatever a stylesheet,
image or attachment link asks for.
"""

import logging
from functools import cache
from io import BytesIO
from mimetypes import guess_type
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont
from weasyprint.urls import URLFetcher, URLFetcherResponse

logging.getLogger("fontTools").setLevel(logging.WARNING)

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
        found = None if ".." in path.split("/") or path.startswith("/") else finders.find(path)
        if not found:
            self.refused.append(url)
            raise ValueError(f"No static file {path[:100]!r}.")
        if path.endswith(".woff2"):
            return URLFetcherResponse(url, _decompressed_font(found), {"Content-Type": "font/ttf"})
        with open(found, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": guess_type(path)[0] or "application/octet-stream"})


@cache
def _decompressed_font(absolute_path):
    """The font as plain TrueType, unpacked once per process: WOFF2 decoding is most of a short render's time."""
    font = TTFont(absolute_path)
    font.flavor = None
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()
