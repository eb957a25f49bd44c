"""Malformed input never answers 500: every form and filter parameter of the admin and the portal gets NUL
bytes, overlong texts, non-numbers, numbers out of range and lists where one value is expected.

Forms and filters are found by reading the pages, so new fields and filters are covered as they arrive. Run
on SQLite and on PostgreSQL (DATABASE_URL), which refuse different things.
"""

from urllib.parse import urlencode

import lxml.html
import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from .surface import browser_urls

# What a careless or hostile client sends instead of a proper value.
BAD_VALUES = {
    "nul": "a\x00b",
    "overlong": "x" * 3000,
    "non-number": "abc",
    "out of range": "9" * 30,
    "negative": "-1",
    "wrong date": "2026-13-45",
}
# Field by field on a valid form: the values that get past the NUL check and reach the form's own checks.
FIELD_BY_FIELD = ("non-number", "overlong", "out of range")
# Changelist parameters the admin reads whatever its filters are.
CHANGELIST_PARAMETERS = {"q", "o", "p", "all", "_facets", "_to_field", "e"}


def server_errors(client, method, url, data=None):
    response = getattr(client, method)(url, data or {})
    return (
        [f"{method.upper()} {url} {_describe(data)} -> {response.status_code}"] if response.status_code >= 500 else []
    )


def _describe(data):
    if not data:
        return ""
    return "{" + ", ".join(f"{key}={str(value)[:20]!r}" for key, value in list(data.items())[:6]) + "}"


def page_forms(content, url):
    """(method, action, {name: value}) of each form on the page, with every named field (empty if unset)."""
    document = lxml.html.fromstring(content, base_url="http://testserver" + url)
    forms = []
    for form in document.forms:
        values = {name: value for name, value in form.form_values()}
        for element in form.inputs:
            if element.name and element.get("type") not in ("submit", "button", "file", "image"):
                values.setdefault(element.name, "")
        action = form.get("action") or url
        forms.append(((form.method or "GET").upper(), action.replace("http://testserver", ""), values))
    return forms


def fuzz_form(client, method, action, values):
    """Every field at once with each bad value, then field by field on the form as the page filled it."""
    send = "post" if method == "POST" else "get"
    fixed = {"csrfmiddlewaretoken"}
    errors = []
    for bad in BAD_VALUES.values():
        errors += server_errors(
            client, send, action, {name: value if name in fixed else bad for name, value in values.items()}
        )
        errors += server_errors(client, send, action, {name: [bad, bad] for name in values if name not in fixed})
    for name in values:
        if name in fixed or name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")):
            continue
        for key in FIELD_BY_FIELD:
            errors += server_errors(client, send, action, {**values, name: BAD_VALUES[key]})
    return errors


def changelist_parameters(content):
    """The query parameters the change list's filters, search and sorting use."""
    document = lxml.html.fromstring(content)
    names = set(CHANGELIST_PARAMETERS)
    for link in document.xpath('//a[starts-with(@href, "?")]'):
        names.update(part.split("=", 1)[0] for part in link.get("href")[1:].split("&") if part)
    return names


def autocomplete_requests(content):
    """The autocomplete lookups of the page's autocomplete fields."""
    document = lxml.html.fromstring(content)
    return [
        {
            "app_label": select.get("data-app-label"),
            "model_name": select.get("data-model-name"),
            "field_name": select.get("data-field-name"),
            "term": "",
        }
        for select in document.xpath("//select[@data-app-label]")
    ]


@pytest.fixture
def admin_client_(superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


def _admin_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("model", _admin_models(), ids=lambda model: model._meta.label)
def test_no_admin_form_filter_or_autocomplete_answers_500(admin_client_, own, model):
    info = model._meta.app_label, model._meta.model_name
    errors = []
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    page = admin_client_.get(changelist)
    assert page.status_code == 200, changelist
    for name in sorted(changelist_parameters(page.content.decode())):
        for bad in BAD_VALUES.values():
            errors += server_errors(admin_client_, "get", f"{changelist}?{urlencode({name: bad})}")
    pages = [reverse("admin:{}_{}_add".format(*info))]
    if model in own:
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[own[model].pk]))
    lookups = []
    for url in pages:
        page = admin_client_.get(url)
        if page.status_code != 200:  # e.g. no add permission for survey answers
            continue
        content = page.content.decode()
        lookups += autocomplete_requests(content)
        form = next(form for form in page_forms(content, url) if form[0] == "POST" and "csrfmiddlewaretoken" in form[2])
        errors += fuzz_form(admin_client_, *form)
        # Initial values from the query string, as the admin's "add another" links send them.
        for name in form[2]:
            errors += server_errors(admin_client_, "get", f"{url}?{urlencode({name: BAD_VALUES['non-number']})}")
    for lookup in lookups:
        for name in lookup:
            for bad in BAD_VALUES.values():
                errors += server_errors(admin_client_, "get", reverse("admin:autocomplete"), {**lookup, name: bad})
    assert not errors, "\n".join(errors)


@pytest.fixture(params=["anonymous", "steering_user", "kit_user", "committee_user"])
def portal_client(request):
    client = Client(raise_request_exception=False)
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.mark.django_db
def test_no_portal_form_or_filter_answers_500(portal_client, own, district):
    errors = []
    seen = set()
    for _label, url in browser_urls(district, own.values()):
        page = portal_client.get(url)
        if page.status_code != 200 or page.streaming or "html" not in page.get("Content-Type", ""):
            continue
        for method, action, values in page_forms(page.content.decode(), url):
            if (method, action.split("?")[0]) in seen or "logout" in action:
                continue
            seen.add((method, action.split("?")[0]))
            errors += fuzz_form(portal_client, method, action, values)
    assert seen, "no form found"
    assert not errors, "\n".join(errors)
