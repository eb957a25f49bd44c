"""Bad input that used to answer 500 gets a clear form error or a German 400 page."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


def test_an_overlong_username_at_login_is_a_form_error(quiet_client):
    response = quiet_client.post(reverse("login"), {"username": "a" * 256, "password": "egal-egal-egal"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["username"])
    assert "höchstens 150 Zeichen" in errors
    # Nothing reached the lockout records, which hold 255 characters at most.
    assert not AccessAttempt.objects.exists()


def test_a_non_number_in_an_autocomplete_field_is_a_form_error(kit_client):
    kit_client.raise_request_exception = False
    url = reverse("admin:actionplan_measure_add")
    response = kit_client.post(url, {"challenge": "abc", "text": "Sprachcafé"})
    assert response.status_code == 200
    assert "challenge" in response.context["adminform"].form.errors
    # The same value as the initial value of the add form ("add another" links put it in the address).
    assert kit_client.get(f"{url}?challenge=abc").status_code == 200


def test_a_filter_value_that_is_none_of_its_choices_is_refused_like_any_wrong_filter(kit_client, own):
    kit_client.raise_request_exception = False
    response = kit_client.get(reverse("admin:actionplan_measure_changelist") + "?field=abc")
    assert response.status_code == 302 and response.url.endswith("?e=1")
    year = reverse("admin:papers_councilpaper_changelist") + "?date__year=" + "9" * 30
    assert kit_client.get(year).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/papers/councilpaper/?status__exact=%00",
        "/admin/actionplan/measure/?q=Sprach%00kurs",
        "/admin/autocomplete/?term=%00&app_label=actionplan&model_name=measure&field_name=challenge",
    ],
)
def test_a_nul_byte_in_a_filter_search_or_autocomplete_term_gets_the_german_400_page(kit_client, url):
    kit_client.raise_request_exception = False
    response = kit_client.get(url)
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()


def test_a_nul_byte_in_a_posted_field_gets_the_german_400_page(quiet_client):
    response = quiet_client.post(reverse("login"), {"username": "kit\x00", "password": "x"})
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
