"""Stored XSS: a payload in every text field of every district-owned object is shown escaped everywhere.

The payloads are written straight into the database (as a hostile import or a compromised account
would), then every page outside the admin and every admin URL of every model is fetched as a user of
that district. No response may contain a payload unescaped. PDFs and spreadsheet exports are binary
and are checked by their own tests (see SECURITY.md, "Attack suite").
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from .conftest import district_owned_models
from .surface import admin_urls, browser_urls, district_admin_models, store_in_text_fields, text_fields

# Short enough for the narrowest text fields; each is unique per field so a hit names its source.
PAYLOADS = ['"><svg onload=alert({n})>', "<script>alert({n})</script>", "{{{{ 7|add:{n} }}}}{{% debug %}}"]
UNESCAPED = ("<svg onload=alert(", "<script>alert(")


@pytest.fixture(params=range(len(PAYLOADS)), ids=["attribute", "script", "template"])
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


def assert_escaped(response, url):
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return
    content = response.content.decode(errors="replace")
    for marker in UNESCAPED:
        assert marker not in content, f"{url} shows a stored payload unescaped"
    # {% debug %} evaluated would print the template context.
    assert "sql_queries" not in content, f"{url} evaluated user text as a template"


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
