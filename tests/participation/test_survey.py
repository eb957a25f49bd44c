"""Residents answer the survey anonymously in their language; what they send is stored whole or not at all."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from participation.models import SurveyAnswer, SurveyResponse

from ..queries import count_queries

pytestmark = pytest.mark.django_db


def survey_url(survey, language="de"):
    return reverse("participation:survey", kwargs={"language": language, "pk": survey.pk})


def valid_answers(parts):
    single, multiple, scale, text = (parts[k] for k in ("single", "multiple", "scale", "text"))
    return {
        f"q{single.pk}": str(single.options.all()[1].pk),
        f"q{multiple.pk}": [str(multiple.options.all()[0].pk), "other"],
        f"q{multiple.pk}_other": "Nachbarschaftscafé",
        f"q{scale.pk}": "4",
        f"q{text.pk}": "Mehr Sprachkurse am Abend",
        "website": "",
    }


def test_german_survey_page_shows_questions_switch_and_privacy(client, survey_parts):
    response = client.get(survey_url(survey_parts["survey"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert "Wie lange leben Sie schon im Kreis?" in html
    assert "mehr als 5 Jahre" in html
    assert "gar nicht" in html and "sehr gut" in html
    assert "Antworten absenden" in html
    assert "Datenschutz" in html and "Wir speichern weder Ihre IP-Adresse" in html
    # The language switch links every language, each named in its own language.
    for code, name in [("ar", "العربية"), ("fa", "فارسی"), ("uk", "Українська"), ("de-ls", "Leichte Sprache")]:
        assert f'href="{survey_url(survey_parts["survey"], code)}"' in html
        assert name in html


@pytest.mark.parametrize(
    ("code", "lang", "direction", "button"),
    [
        ("ar", "ar", "rtl", "إرسال الإجابات"),
        ("fa", "fa", "rtl", "ارسال پاسخ‌ها"),
        ("en", "en", "ltr", "Send answers"),
        ("uk", "uk", "ltr", "Надіслати відповіді"),
        ("ru", "ru", "ltr", "Отправить ответы"),
        ("tr", "tr", "ltr", "Yanıtları gönder"),
        ("de-ls", "de-x-ls", "ltr", "Antworten abschicken"),
    ],
)
def test_every_language_translates_texts_and_chrome(client, survey_parts, code, lang, direction, button):
    response = client.get(survey_url(survey_parts["survey"], code))
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f"[{code}] Wie lange leben Sie schon im Kreis?" in html
    assert f"[{code}] mehr als 5 Jahre" in html
    assert button in html
    assert "Antworten absenden" not in html
    assert response["Content-Language"] == lang


def test_unknown_language_and_closed_survey_are_404(client, survey):
    assert client.get(survey_url(survey, "xx")).status_code == 404
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save()
    assert client.get(survey_url(survey)).status_code == 404


def test_a_complete_response_is_stored_with_the_day_only(client, survey_parts):
    survey = survey_parts["survey"]
    response = client.post(survey_url(survey, "ar"), valid_answers(survey_parts), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response.url == reverse("participation:survey_thanks", kwargs={"language": "ar", "pk": survey.pk})
    stored = SurveyResponse.objects.get()
    assert stored.language == "ar"
    assert stored.submitted_on == timezone.localdate()
    # Nothing in the row could point to the person: only survey, language and day.
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {"id", "survey", "language", "submitted_on"}
    assert {f.name for f in SurveyAnswer._meta.concrete_fields} == {
        "id",
        "response",
        "question",
        "option",
        "scale_value",
        "text",
    }
    assert not hasattr(SurveyResponse, "history") and not hasattr(SurveyAnswer, "history")
    answers = {(a.question_id, a.option_id, a.scale_value, a.text) for a in stored.answers.all()}
    single, multiple, scale, text = (survey_parts[k] for k in ("single", "multiple", "scale", "text"))
    assert answers == {
        (single.pk, single.options.all()[1].pk, None, ""),
        (multiple.pk, multiple.options.all()[0].pk, None, ""),
        (multiple.pk, None, None, "Nachbarschaftscafé"),
        (scale.pk, None, 4, ""),
        (text.pk, None, None, "Mehr Sprachkurse am Abend"),
    }
    thanks = client.get(response.url).content.decode()
    assert "شكرًا لمشاركتك!" in thanks and "[ar] Danke für Ihre Zeit." in thanks
    # The page leads back to the process, where the results will appear.
    assert f'<a href="{survey.process.get_absolute_url()}">العودة إلى عملية المشاركة:' in thanks


def test_no_cookie_but_csrf(client, survey_parts):
    survey = survey_parts["survey"]
    page = client.get(survey_url(survey))
    assert set(page.cookies) == {settings.CSRF_COOKIE_NAME}
    client.post(survey_url(survey), valid_answers(survey_parts))
    thanks = client.get(reverse("participation:survey_thanks", kwargs={"language": "de", "pk": survey.pk}))
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert settings.SESSION_COOKIE_NAME not in thanks.cookies


def test_invalid_input_is_explained_in_the_respondents_language_and_kept(client, survey_parts):
    survey = survey_parts["survey"]
    data = valid_answers(survey_parts)
    del data[f"q{survey_parts['single'].pk}"]  # required
    data[f"q{survey_parts['multiple'].pk}_other"] = ""  # “other” chosen without text
    response = client.post(survey_url(survey, "uk"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Будь ласка, перевірте свої відповіді:" in html
    assert "Будь ласка, дайте відповідь на це запитання." in html
    assert "Будь ласка, опишіть вашу відповідь «Інше»." in html
    assert "Mehr Sprachkurse am Abend</textarea>" in html  # typed text kept
    scale = survey_parts["scale"].pk
    assert re.search(rf'<input type="radio" name="q{scale}" value="4"[^>]* checked>', html)  # choice kept
    assert not SurveyResponse.objects.exists()


def test_an_option_of_another_question_is_refused(client, survey_parts):
    data = valid_answers(survey_parts)
    data[f"q{survey_parts['single'].pk}"] = str(survey_parts["multiple"].options.all()[0].pk)
    response = client.post(survey_url(survey_parts["survey"], "tr"), data)
    assert "Lütfen sunulan yanıtlardan birini seçin." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_honeypot_submissions_are_thanked_but_not_stored(client, survey_parts):
    data = {**valid_answers(survey_parts), "website": "http://spam.example"}
    response = client.post(survey_url(survey_parts["survey"]), data)
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_rate_limit_per_client_without_storing_the_address(client, survey_parts, settings):
    from django.core.cache import cache

    settings.SURVEY_RATE_LIMIT = 2
    url = survey_url(survey_parts["survey"], "ru")
    for _ in range(2):
        assert client.post(url, valid_answers(survey_parts), REMOTE_ADDR="198.51.100.4").status_code == 302
    blocked = client.post(url, valid_answers(survey_parts), REMOTE_ADDR="198.51.100.4")
    assert blocked.status_code == 429
    assert "Вы отправили много ответов за короткое время." in blocked.content.decode()
    # Another client is not affected.
    assert client.post(url, valid_answers(survey_parts), REMOTE_ADDR="198.51.100.5").status_code == 302
    assert SurveyResponse.objects.count() == 3
    keys = list(cache._cache.keys())
    assert keys and not any("198.51.100" in key for key in keys)


@pytest.mark.django_db(transaction=True)
def test_submission_is_all_or_nothing(client, survey_parts, monkeypatch):
    def failing_bulk_create(*args, **kwargs):
        raise IntegrityError("answers could not be written")

    monkeypatch.setattr(SurveyAnswer.objects, "bulk_create", failing_bulk_create)
    client.raise_request_exception = False
    response = client.post(survey_url(survey_parts["survey"]), valid_answers(survey_parts))
    assert response.status_code == 500
    assert not SurveyResponse.objects.exists()


def test_browser_language_does_not_switch_the_rest_of_the_site(client, survey_parts):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.8")
    assert '<html lang="de">' in home.content.decode()
    assert "Anmelden" in home.content.decode()
    survey = client.get(survey_url(survey_parts["survey"]), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="de" dir="ltr">' in survey.content.decode()


def test_survey_page_and_submission_use_fixed_queries(client, survey_parts, district):
    from django.core.cache import cache

    from .factories import SurveyOptionFactory, SurveyQuestionFactory, build_survey

    def measure(parts):
        cache.clear()
        data = valid_answers(parts)
        with count_queries() as first_page:  # the survey is read and cached
            client.get(survey_url(parts["survey"]))
        with count_queries() as page:
            client.get(survey_url(parts["survey"]))
        with count_queries() as post:  # the response and all its answers: two inserts
            client.post(survey_url(parts["survey"]), data)
        return len(first_page), len(page), len(post)

    small = measure(survey_parts)
    bigger = build_survey(district)
    for i in range(10):
        question = SurveyQuestionFactory(district=district, section=bigger["single"].section, kind="single")
        SurveyOptionFactory(district=district, question=question)
        SurveyOptionFactory(district=district, question=question, text={"de": f"Option {i}"})
    assert small == measure(bigger) == (4, 0, 2)


def test_editing_a_survey_shows_at_once(client, survey_parts):
    question = survey_parts["single"]
    assert "Wie lange leben Sie schon im Kreis?" in client.get(survey_url(survey_parts["survey"])).content.decode()
    option = question.options.all()[0]
    option.text = {"de": "erst seit kurzem"}
    option.save()
    assert "erst seit kurzem" in client.get(survey_url(survey_parts["survey"])).content.decode()


def test_thank_you_page_of_a_non_public_process_has_no_dead_link(client, survey_parts):
    survey = survey_parts["survey"]
    survey.process.is_public = False
    survey.process.save()
    thanks = client.get(reverse("participation:survey_thanks", kwargs={"language": "de", "pk": survey.pk}))
    assert "Danke für Ihre Zeit." in thanks.content.decode()
    assert survey.process.get_absolute_url() not in thanks.content.decode()


@pytest.mark.parametrize(
    "code, one_error, two_errors",
    [
        ("de", "1 Fehler", "2 Fehler"),
        ("de-ls", "1 Fehler", "2 Fehler"),
        ("en", "1 error", "2 errors"),
        ("ar", "1 خطأ", "2 خطآن"),
        ("fa", "1 خطا", "2 خطا"),
        ("ru", "1 ошибка", "2 ошибки"),
        ("tr", "1 hata", "2 hata"),
        ("uk", "1 помилка", "2 помилки"),
    ],
)
def test_the_title_after_a_failed_submit_starts_with_the_error_count(client, survey_parts, code, one_error, two_errors):
    survey = survey_parts["survey"]
    title = re.compile(r"<title>(.*?)</title>", re.S)
    plain_title = title.search(client.get(survey_url(survey, code)).content.decode()).group(1)
    data = valid_answers(survey_parts)
    del data[f"q{survey_parts['single'].pk}"]
    html = client.post(survey_url(survey, code), data).content.decode()
    assert title.search(html).group(1) == f"{one_error} – {plain_title}"
    del data[f"q{survey_parts['scale'].pk}"]
    html = client.post(survey_url(survey, code), data).content.decode()
    assert title.search(html).group(1) == f"{two_errors} – {plain_title}"


def test_visitors_get_the_kept_form_each_with_their_own_token(survey_parts):
    from django.test import Client

    survey = survey_parts["survey"]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(survey_url(survey))
    kept = second.get(survey_url(survey))
    assert [t.name for t in kept.templates] == [], "the second visitor's form comes from the cache"
    assert "participation/survey/survey_form.html" in [t.name for t in rendered.templates]
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    tokens = [token.search(page.content.decode())[1] for page in (rendered, kept)]
    assert tokens[0] != tokens[1] and "kept-page-csrf-token" not in kept.content.decode()
    assert token.sub("", rendered.content.decode()) == token.sub("", kept.content.decode())
    assert kept["Content-Language"] == "de"
    answered = second.post(survey_url(survey), {**valid_answers(survey_parts), "csrfmiddlewaretoken": tokens[1]})
    assert answered.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_logged_in_user_gets_the_form_rendered_for_them(kit_client, survey_parts):
    from django.test import Client

    survey = survey_parts["survey"]
    Client().get(survey_url(survey))
    page = kit_client.get(survey_url(survey))
    assert "participation/survey/survey_form.html" in [t.name for t in page.templates]
