"""KIT staff build the survey and record findings in the admin: every language in one form, all or nothing."""

import pytest
from django.urls import reverse

from participation.languages import LANGUAGE_CODES
from participation.models import Finding, Survey, SurveyQuestion

from ..factories import MeasureFactory
from .factories import FormatFactory, ParticipationProcessFactory, build_survey

pytestmark = pytest.mark.django_db


def translated(prefix, texts):
    return {f"{prefix}_{code}": texts.get(code, "") for code in LANGUAGE_CODES}


def survey_data(process, title, section_title, introduction=None):
    data = {
        "process": process.pk,
        "format": "",
        "opens_on": "01.06.2025",
        "closes_on": "31.07.2025",
        **translated("title", title),
        **translated("introduction", introduction or {}),
        **translated("thank_you", introduction or {}),
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-order": "1",
        **translated("sections-0-title", section_title),
        **translated("sections-0-description", {}),
    }
    return data


ALL = {
    "de": "Umfrage zur Integration",
    "de-ls": "Umfrage: Zusammen leben",
    "en": "Survey on integration",
    "ar": "استبيان حول الاندماج",
    "fa": "نظرسنجی دربارهٔ ادغام",
    "uk": "Опитування щодо інтеграції",
    "ru": "Опрос об интеграции",
    "tr": "Uyum anketi",
}


def test_kit_enters_every_translation_in_one_form(kit_client, district):
    process = ParticipationProcessFactory(district=district)
    page = kit_client.get(reverse("admin:participation_survey_add")).content.decode()
    assert 'name="title_ar"' in page and 'lang="ar" dir="rtl"' in page and "فارسی" in page
    response = kit_client.post(
        reverse("admin:participation_survey_add"),
        survey_data(process, ALL, {**ALL, "de": "Über Sie"}, introduction={"de": "Ihre Meinung zählt."}),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    survey = Survey.objects.get()
    assert survey.title == ALL
    assert survey.sections.get().title["de"] == "Über Sie"
    assert survey.district == district
    change = kit_client.get(reverse("admin:participation_survey_change", args=[survey.pk])).content.decode()
    # Introduction and thank-you text are German only so far: the form says what is missing.
    assert "Leichte Sprache: 2 Texte fehlen" in change


def test_without_german_nothing_is_saved(kit_client, district):
    process = ParticipationProcessFactory(district=district)
    without_german = {k: v for k, v in ALL.items() if k != "de"}
    response = kit_client.post(reverse("admin:participation_survey_add"), survey_data(process, ALL, without_german))
    assert response.status_code == 200
    assert "Bitte den deutschen Text eingeben" in response.content.decode()
    assert not Survey.objects.exists()


def test_kit_adds_a_scale_question_with_labels(kit_client, district):
    parts = build_survey(district)
    section = parts["single"].section
    data = {
        "section": section.pk,
        "kind": "scale",
        "required": "on",
        **translated("text", {"de": "Wie zufrieden sind Sie?", "ar": "ما مدى رضاك؟"}),
        **translated("help", {}),
        "scale_min": "1",
        "scale_max": "5",
        **translated("scale_min_label", {"de": "gar nicht"}),
        **translated("scale_max_label", {"de": "sehr"}),
        "options-TOTAL_FORMS": "0",
        "options-INITIAL_FORMS": "0",
    }
    response = kit_client.post(reverse("admin:participation_surveyquestion_add"), data)
    assert response.status_code == 302
    question = SurveyQuestion.objects.get(text__de="Wie zufrieden sind Sie?")
    assert question.text == {"de": "Wie zufrieden sind Sie?", "ar": "ما مدى رضاك؟"}
    data["scale_max"] = "1"
    response = kit_client.post(reverse("admin:participation_surveyquestion_add"), data)
    assert "Die Skala braucht zwei bis elf Punkte" in response.content.decode()


def finding_form(format_, **fields):
    """The finding's admin form for a demand raised at `format_`, taken up by no measure unless `fields` say so."""
    data = {"format": format_.pk, "kind": "demand", "group_heading": "", "text": "mehr Digitalisierung"}
    return data | {"measures": [], "note": "", "order": "0"} | fields


def test_kit_links_a_finding_to_measures(kit_client, district):
    format_ = FormatFactory(district=district)
    measure = MeasureFactory(district=district)
    data = finding_form(format_, fields_of_action=[measure.challenge.field_id], measures=[measure.pk])
    response = kit_client.post(reverse("admin:participation_finding_add"), data)
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert list(finding.measures.all()) == [measure]
    assert finding.history.count() == 1


def test_panel_rounds_only_for_panels(kit_client, district):
    process = ParticipationProcessFactory(district=district)
    data = {
        "process": process.pk,
        "kind": "conference",
        "title": "Zukunftskonferenz",
        "topics": "",
        "round": "II",
        "start": "25.03.2025",
        "end": "24.03.2025",
        "date_note": "",
        "place": "",
        "audience": "professionals",
        "invited": "75",
        "attending": "",
        "organiser": "",
        "description": "",
        "documentation": "",
        "findings-TOTAL_FORMS": "0",
        "findings-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    response = kit_client.post(reverse("admin:participation_format_add"), data)
    html = response.content.decode()
    assert "Nur Expert:innen-Runden haben Runden." in html
    assert "Ein Format kann nicht enden, bevor es beginnt." in html


def test_a_finding_with_neither_measure_nor_note_is_refused(kit_client, district):
    format_ = FormatFactory(district=district)
    data = finding_form(format_, note="  ")
    response = kit_client.post(reverse("admin:participation_finding_add"), data)
    assert response.status_code == 200
    assert "Wählen Sie die Maßnahmen, die den Befund aufgreifen, oder begründen Sie hier" in response.content.decode()
    assert not Finding.objects.exists()
    data["note"] = "Wird im nächsten Aktionsplan geprüft."
    assert kit_client.post(reverse("admin:participation_finding_add"), data).status_code == 302
    assert Finding.objects.get().note == "Wird im nächsten Aktionsplan geprüft."
