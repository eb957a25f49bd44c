"""Two KIT staff edit the same participation record: the second save is refused, says what the first one
changed and overwrites nothing."""

import functools
import html
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from ..admin_forms import change_form_data
from .factories import (
    FindingFactory,
    FormatFactory,
    ParticipationProcessFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveySectionFactory,
)

pytestmark = pytest.mark.django_db

REFUSED = "wurde während Ihrer Bearbeitung von kit-zwei geändert"


def change_url(obj):
    return reverse(f"admin:participation_{obj._meta.model_name}_change", args=[obj.pk])


def opened(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return change_form_data(response)


# (factory, field the other person changes, field I change, the line my refused save shows)
CASES = {
    "process": (
        ParticipationProcessFactory,
        ("title", "Ostholstein auf dem Weg"),
        ("introduction", "Alle sind eingeladen."),
        "Titel: jetzt gespeichert „Ostholstein auf dem Weg“",
    ),
    "format": (
        FormatFactory,
        ("place", "Kreishaus Eutin"),
        ("title", "Zukunftskonferenz"),
        "Ort: jetzt gespeichert „Kreishaus Eutin“",
    ),
    "finding": (
        # Neither measure nor note is refused on its own; the note is what the second save changes.
        functools.partial(FindingFactory, note="Offen."),
        ("text", "mehr Digitalisierung"),
        ("note", "Wird geprüft."),
        "Befund: jetzt gespeichert „mehr Digitalisierung“",
    ),
    # A translated text reads as its German version, then the translations, not as the stored object.
    "survey": (
        SurveyFactory,
        ("title_de", "Umfrage 2026"),
        ("introduction_de", "Sagen Sie uns Ihre Meinung."),
        "Titel: jetzt gespeichert „Umfrage 2026 · de-ls: [de-ls] Umfrage zur Integration · en: ",
    ),
    "section": (
        SurveySectionFactory,
        ("title_de", "Zu Ihrer Person"),
        ("description_de", "Alle Angaben sind freiwillig."),
        "Titel: jetzt gespeichert „Zu Ihrer Person · de-ls: [de-ls] Über Sie · en: [en] Über Sie · ",
    ),
    "question": (
        SurveyQuestionFactory,
        ("required", "on"),
        ("text_de", "Was wünschen Sie sich?"),
        "Pflichtfrage: jetzt gespeichert „ja“",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_second_save_is_refused_with_what_changed(case, kit_client, second_kit_client, district):
    factory, (their_field, their_value), (my_field, my_value), line = CASES[case]
    obj = factory(district=district)
    mine, theirs = opened(kit_client, obj), opened(second_kit_client, obj)

    assert second_kit_client.post(change_url(obj), {**theirs, their_field: their_value}).status_code == 302
    response = kit_client.post(change_url(obj), {**mine, my_field: my_value})

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert line in page
    assert opened(kit_client, obj)[my_field] != [my_value]  # nothing of mine saved
    assert opened(kit_client, obj)[their_field] == [their_value]  # nothing of theirs overwritten


def test_after_reloading_the_save_goes_through(kit_client, second_kit_client, district):
    process = ParticipationProcessFactory(district=district)
    theirs = opened(second_kit_client, process)
    second_kit_client.post(change_url(process), {**theirs, "title": "Ostholstein auf dem Weg"})

    response = kit_client.post(change_url(process), {**opened(kit_client, process), "introduction": "Willkommen."})

    assert response.status_code == 302
    process.refresh_from_db()
    assert (process.title, process.introduction) == ("Ostholstein auf dem Weg", "Willkommen.")


def test_a_format_row_changed_meanwhile_is_refused_in_the_process_form(kit_client, second_kit_client, district):
    conference = FormatFactory(district=district, title="Zukunftskonferenz")
    process = conference.process
    mine = opened(kit_client, process)
    theirs = opened(second_kit_client, conference)
    second_kit_client.post(change_url(conference), {**theirs, "title": "Zukunftskonferenz 2025"})

    response = kit_client.post(change_url(process), {**mine, "formats-0-title": "Erste Zukunftskonferenz"})

    assert response.status_code == 200
    assert "Titel: jetzt gespeichert „Zukunftskonferenz 2025“, Ihre Eingabe „Erste Zukunftskonferenz“" in (
        response.content.decode()
    )
    conference.refresh_from_db()
    assert conference.title == "Zukunftskonferenz 2025"


def test_the_history_reads_translated_texts_and_yes_or_no(kit_client, district):
    question = SurveyQuestionFactory(district=district, text={"de": "Wie alt sind Sie?", "en": "How old are you?"})
    for change in [{"text_de": "Wie alt bist du?", "required": "on"}, {"text_en": "How old are you now?"}]:
        response = kit_client.post(change_url(question), {**opened(kit_client, question), **change})
        assert response.status_code == 302

    page = kit_client.get(reverse("admin:participation_surveyquestion_history", args=[question.pk])).content.decode()
    text = re.sub(r"\s+", " ", html.unescape(strip_tags(page)))
    assert "Frage: Wie alt sind Sie? · en: How old are you? → Wie alt bist du? · en: How old are you?" in text
    assert "Pflichtfrage: nein → ja" in text
    # A change of one translation only is visible too.
    assert "→ Wie alt bist du? · en: How old are you now?" in text
