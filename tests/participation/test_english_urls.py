"""Addresses in one language, English; the German ones of earlier versions redirect permanently."""

import pytest
from django.urls import reverse

from participation.models import SurveyResponse

from .test_survey import valid_answers

pytestmark = pytest.mark.django_db


def test_pages_have_english_addresses(survey, process, district):
    assert reverse("participation:survey", kwargs={"language": "de", "pk": survey.pk}) == f"/survey/de/{survey.pk}/"
    assert (
        reverse("participation:traceability", kwargs={"slug": district.slug, "pk": process.pk})
        == f"/participation/{district.slug}/{process.pk}/traceability/"
    )
    assert reverse("participation:survey_evaluation", kwargs={"pk": survey.pk}) == (
        f"/participation/surveys/{survey.pk}/evaluation/"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/beteiligung/{slug}/{process}/", "/participation/{slug}/{process}/"),
        ("/beteiligung/{slug}/{process}/nachverfolgung/", "/participation/{slug}/{process}/traceability/"),
        ("/beteiligung/dokumente/7/", "/participation/documents/7/"),
        ("/beteiligung/umfragen/{survey}/befund/", "/participation/surveys/{survey}/finding/"),
        ("/beteiligung/umfragen/{survey}/auswertung.xlsx", "/participation/surveys/{survey}/evaluation.xlsx"),
        ("/umfrage/{survey}/", "/survey/{survey}/"),
        ("/umfrage/ar/{survey}/", "/survey/ar/{survey}/"),
        ("/umfrage/ar/{survey}/danke/", "/survey/ar/{survey}/thanks/"),
    ],
)
def test_old_german_addresses_redirect_permanently(client, survey, process, district, old, new):
    ids = {"slug": district.slug, "process": process.pk, "survey": survey.pk}
    response = client.get(old.format(**ids))
    assert response.status_code == 301
    assert response.url == new.format(**ids)


def test_the_old_language_parameter_is_renamed_and_the_rest_of_the_query_kept(client, survey):
    response = client.get(f"/beteiligung/umfragen/{survey.pk}/auswertung/?sprache=ar&x=1")
    assert response.status_code == 301
    assert response.url == f"/participation/surveys/{survey.pk}/evaluation/?x=1&language=ar"


def test_the_evaluation_reads_the_english_language_parameter(client, steering_user, survey):
    client.force_login(steering_user)
    html = client.get(f"/participation/surveys/{survey.pk}/evaluation/?language=ar").content.decode()
    assert '<option value="ar" selected>' in html


def test_an_answer_posted_to_the_old_survey_address_is_not_lost(client, survey_parts):
    survey = survey_parts["survey"]
    old = f"/umfrage/ar/{survey.pk}/"
    response = client.post(old, valid_answers(survey_parts))
    # 308: the browser sends the same answer again to the new address.
    assert response.status_code == 308
    assert response.url == f"/survey/ar/{survey.pk}/"
    assert not SurveyResponse.objects.exists()
    followed = client.post(old, valid_answers(survey_parts), follow=True)
    assert followed.redirect_chain[0] == (f"/survey/ar/{survey.pk}/", 308)
    assert SurveyResponse.objects.get().language == "ar"
