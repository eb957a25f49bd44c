"""Every text field has a limit the form shows before submitting, and the server refuses longer texts with
a message instead of storing (or cutting) them."""

import lxml.html
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from integration_portal import limits
from papers.models import CouncilPaper

from ..factories import MeasureFactory
from ..papers.factories import ReferenceSchemeFactory
from ..papers.test_admin import ADD_URL as PAPER_ADD_URL
from ..papers.test_admin import paper_form
from ..participation.factories import build_survey
from ..validation import refusals

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("integration_portal", "actionplan", "participation", "steering", "papers")


def test_every_text_field_of_the_portal_has_a_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.max_length
    ]
    assert unlimited == []


def limited_fields(content):
    """{name: maxlength} of the page's text fields (textarea, text inputs)."""
    document = lxml.html.fromstring(content)
    fields = document.xpath("//textarea | //input[not(@type) or @type='text' or @type='email' or @type='url']")
    # The admin's date and time inputs are text inputs too, with a format instead of a length.
    dates = ("vDateField", "vTimeField")
    return {
        field.get("name"): field.get("maxlength")
        for field in fields
        if field.get("name") and not any(kind in (field.get("class") or "") for kind in dates)
    }


@pytest.mark.parametrize("model", ["actionplan.measure", "papers.councilpaper", "participation.survey"])
def test_admin_forms_show_the_limit_of_every_text_field(kit_client, model):
    app_label, model_name = model.split(".")
    content = kit_client.get(reverse(f"admin:{app_label}_{model_name}_add")).content.decode()
    fields = {name: length for name, length in limited_fields(content).items() if "__prefix__" not in name}
    assert fields, model
    assert {name for name, length in fields.items() if length is None} == set()
    # The page loads the counter that shows the characters left under long texts.
    assert "js/text_counter.js" in content
    assert "Noch {remaining} von {limit} Zeichen" in content


def test_a_210000_character_statement_of_facts_is_refused_with_a_message(kit_client, district):
    ReferenceSchemeFactory(district=district)
    form = kit_client.get(PAPER_ADD_URL).content.decode()
    assert limited_fields(form)["statement_of_facts"] == str(limits.PAPER_TEXT)
    response = kit_client.post(PAPER_ADD_URL, paper_form(statement_of_facts="S" * 210_000))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["statement_of_facts"])
    assert "höchstens 50000 Zeichen" in errors and "210000" in errors
    assert not CouncilPaper.objects.exists()


def test_the_model_refuses_an_overlong_text_whatever_path_it_came_by(district):
    measure = MeasureFactory(district=district)
    measure.text = "x" * (limits.SHORT_TEXT + 1)
    assert "höchstens 2000 Zeichen" in " ".join(refusals(measure)["text"])


def test_a_long_comment_is_refused_with_a_message_not_cut(client, steering_user, district):
    steering_client = client
    steering_client.force_login(steering_user)
    measure = MeasureFactory(district=district)
    page = steering_client.get(reverse("steering:measure_detail", args=[measure.pk])).content.decode()
    assert limited_fields(page)["text"] == str(limits.TEXT)
    response = steering_client.post(reverse("steering:comment_create", args=[measure.pk]), {"text": "Frage " * 1000})
    assert response.status_code == 400
    assert "höchstens 5000 Zeichen" in response.content.decode()
    assert not measure.steering_comments.exists()


@pytest.mark.parametrize(
    ("language", "counter"),
    [
        ("de", "Noch {remaining} von {limit} Zeichen"),
        ("en", "{remaining} of {limit} characters left"),
        ("ar", "تبقى {remaining} من {limit} حرفًا"),
        ("fa", "{remaining} از {limit} نویسه باقی مانده است"),
        ("uk", "Залишилося {remaining} з {limit} символів"),
        ("ru", "Осталось {remaining} из {limit} символов"),
        ("tr", "{limit} karakterden {remaining} karakter kaldı"),
        ("de-ls", "Sie können noch {remaining} Zeichen schreiben."),
    ],
)
def test_the_survey_shows_the_limit_of_its_free_text_and_a_counter_in_every_language(
    client, district, language, counter
):
    parts = build_survey(district)
    url = reverse("participation:survey", kwargs={"language": language, "pk": parts["survey"].pk})
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    fields = limited_fields(content)
    assert fields[f"q{parts['text'].pk}"] == "4000"
    assert fields[f"q{parts['multiple'].pk}_other"] == "500"
    assert counter in content


@pytest.fixture(params=["anonymous", "steering_user", "kit_user"])
def visitor(request, client):
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


def test_every_text_field_of_the_portal_pages_shows_its_limit(visitor, district):
    from ..factories import one_of_each
    from ..security.surface import browser_urls

    objects = one_of_each(district)
    build_survey(district)
    unlimited = set()
    for _label, url in browser_urls(district, objects.values()):
        page = visitor.get(url)
        if page.status_code != 200 or page.streaming or "html" not in page.get("Content-Type", ""):
            continue
        for name, length in limited_fields(page.content.decode()).items():
            if length is None and name != "website":  # the survey's honeypot stays empty anyway
                unlimited.add(f"{url} {name}")
    assert sorted(unlimited) == []
