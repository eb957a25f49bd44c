"""Files the browser downloads in the tests, and the text of a downloaded PDF."""

import re
import shutil
import subprocess  # nosec B404  # runs poppler's pdftotext on a PDF the test downloaded

import pytest


def downloaded(page, link, folder):
    """Clicks `link`, waits for the file and keeps it in `folder` under the name the portal gave it."""
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def pdf_text(path):
    """The PDF's text as pdftotext reads it, with runs of white space as one space."""
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True).stdout.decode()  # noqa: S603  # nosec B603
    return re.sub(r"\s+", " ", text)
