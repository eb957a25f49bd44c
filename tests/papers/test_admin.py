"""KIT staff write papers in the admin: numbering on save, German messages, release freezes, PDF preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from papers.models import CouncilPaper

from .factories import CommitteeFactory, ReferenceSchemeFactory, make_paper

ADD_URL = reverse("admin:papers_councilpaper_add")
CHANGELIST_URL = reverse("admin:papers_councilpaper_changelist")


def change_url(paper):
    return reverse("admin:papers_councilpaper_change", args=[paper.pk])


def paper_form(**fields):
    data = {
        "paper_type": "resolution",
        "title": "Aktionsplan Integration",
        "date": "28.08.2025",
        "is_public": "on",
        "non_public_reason": "",
        "lead_unit": "FD 2.3 Zuwanderung",
        "contact_person": "Christian Ströh",
        "editor": "Dennis Staack",
        "proposed_resolution": "Der Kreistag beschließt …",
        "statement_of_facts": "",
        "climate_relevance": "keine",
        "has_financial_effects": "unknown",
        "in_budget": "unknown",
        "voluntary_task": "unknown",
        "affects_staff_plan": "unknown",
        "annex_content": "plan",
    }
    for prefix in ["consultations", "attachments", "status_changes"]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(fields)
    return data


def save_with_attachment(client, paper, upload):
    """Saves `paper` in its change form with the title “Geänderter Betreff” and `upload` as a new attachment."""
    data = paper_form(
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-order": "1",
            "attachments-0-title": "Anlage",
            "attachments-0-file": upload,
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "1",
            "status_changes-0-id": paper.status_changes.get().pk,
            "status_changes-0-paper": paper.pk,
        },
        title="Geänderter Betreff",
    )
    return client.post(change_url(paper), data)


@pytest.mark.django_db
def test_kit_adds_a_paper_with_its_beratungsfolge_and_gets_the_next_number(kit_client, kit_user, district):
    ReferenceSchemeFactory(district=district)
    soga = CommitteeFactory(district=district, name="Sozial- und Gesundheitsausschuss")
    kreistag = CommitteeFactory(district=district, name="Kreistag")
    data = paper_form(
        **{
            "consultations-TOTAL_FORMS": "2",
            "consultations-0-order": "1",
            "consultations-0-date": "23.09.2025",
            "consultations-0-committee": soga.pk,
            "consultations-0-role": "deliberation",
            "consultations-0-is_public": "on",
            "consultations-1-order": "2",
            "consultations-1-date": "29.09.2025",
            "consultations-1-committee": kreistag.pk,
            "consultations-1-role": "decision",
            "consultations-1-is_public": "on",
        }
    )
    response = kit_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    paper = CouncilPaper.objects.get()
    assert paper.reference == "VO/2025/1"
    assert paper.district == district
    assert [c.committee.name for c in paper.consultations.all()] == ["Sozial- und Gesundheitsausschuss", "Kreistag"]
    assert paper.status_changes.get().changed_by == kit_user
    assert paper.history.count() == 1


@pytest.mark.django_db
def test_non_public_without_reason_is_refused_in_german(kit_client, district):
    ReferenceSchemeFactory(district=district)
    response = kit_client.post(ADD_URL, paper_form(is_public=""))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["non_public_reason"] == ["Bitte begründen Sie, warum die Vorlage nichtöffentlich ist."]
    assert not CouncilPaper.objects.exists()


@pytest.mark.django_db
def test_a_wrong_attachment_type_is_refused_and_nothing_is_saved(kit_client, district):
    paper = make_paper(district=district)
    response = save_with_attachment(kit_client, paper, SimpleUploadedFile("anlage.pdf", b"#!/bin/sh\necho hallo\n"))
    assert response.status_code == 200
    assert "Dieser Dateityp ist nicht erlaubt" in response.content.decode()
    paper.refresh_from_db()
    assert paper.title == "Zuwanderung: Aktionsplan"
    assert not paper.attachments.exists()


@pytest.mark.django_db
def test_release_action_freezes_the_paper_and_its_form(kit_client, kit_user, district):
    paper = make_paper(district=district)
    for action in ["to_co_signing", "to_released"]:
        response = kit_client.post(CHANGELIST_URL, {"action": action, "_selected_action": [paper.pk]}, follow=True)
        assert response.status_code == 200
    paper.refresh_from_db()
    assert paper.status == "released"
    assert paper.released_pdf and len(paper.released_pdf_sha256) == 64
    page = kit_client.get(change_url(paper))
    form = page.context["adminform"].form
    assert "title" not in form.fields  # read-only now: changes need a follow-up paper
    assert "Neue Ergänzungsvorlage" in page.content.decode()


@pytest.mark.django_db
def test_change_form_has_a_pdf_preview_button(kit_client, district):
    paper = make_paper(district=district)
    content = kit_client.get(change_url(paper)).content.decode()
    assert f'href="{paper.get_pdf_url()}?inline"' in content
    assert "PDF-Vorschau" in content
    # The preview opens in the browser; the ordinary link downloads the file.
    preview = kit_client.get(f"{paper.get_pdf_url()}?inline")
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline")
    assert kit_client.get(paper.get_pdf_url())["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_other_districts_papers_do_not_exist_in_the_admin(kit_client, other_district):
    paper = make_paper(district=other_district)
    assert kit_client.get(change_url(paper)).status_code == 404
    assert paper not in kit_client.get(CHANGELIST_URL).context["cl"].result_list


@pytest.mark.django_db
def test_second_save_of_a_paper_is_refused_with_what_changed(kit_client, district):
    paper = make_paper(district=district)
    form = kit_client.get(change_url(paper)).context["adminform"].form
    opened_token = form["version_token"].value()
    # Meanwhile a colleague changes the subject.
    paper.title = "Zuwanderung: Aktionsplan 2026"
    paper.save()

    status_rows = {
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "1",
        "status_changes-0-id": paper.status_changes.get().pk,
        "status_changes-0-paper": paper.pk,
    }
    data = paper_form(**status_rows, title="Aktionsplan Integration (neu)", version_token=opened_token)
    content = kit_client.post(change_url(paper), data).content.decode()
    assert "wurde während Ihrer Bearbeitung" in content
    assert "Zuwanderung: Aktionsplan 2026" in content
    paper.refresh_from_db()
    assert paper.title == "Zuwanderung: Aktionsplan 2026"


@pytest.mark.django_db
def test_paper_history_lists_the_change_in_the_admin(kit_client, district):
    paper = make_paper(district=district)
    paper.title = "Zuwanderung: Aktionsplan 2026"
    paper.save()
    content = kit_client.get(reverse("admin:papers_councilpaper_history", args=[paper.pk])).content.decode()
    assert "Zuwanderung: Aktionsplan 2026" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "target"),
    [("to_done", "erledigt"), ("to_released", "freigegeben")],
    ids=["a wrong transition", "a skipped step"],
)
def test_a_refused_transition_names_in_german_the_step_that_comes_first(kit_client, district, action, target):
    paper = make_paper(district=district)
    response = kit_client.post(CHANGELIST_URL, {"action": action, "_selected_action": [paper.pk]}, follow=True)
    assert (
        f"Eine Vorlage kann nicht von „Entwurf“ nach „{target}“ wechseln: zuerst kommt „Mitzeichnung“."
        in response.content.decode()
    )
    paper.refresh_from_db()
    assert paper.status == "draft"


@pytest.mark.django_db
def test_the_change_page_has_a_button_for_the_next_step(kit_client, district):
    paper = make_paper(district=district)
    page = kit_client.get(change_url(paper)).content.decode()
    next_url = reverse("admin:papers_councilpaper_next_status", args=[paper.pk])
    assert f'action="{next_url}"' in page and "Nächster Schritt: Mitzeichnung" in page
    response = kit_client.post(next_url, follow=True)
    assert "1 Vorlage hat jetzt den Status „Mitzeichnung“." in response.content.decode()
    assert "Nächster Schritt: freigegeben" in response.content.decode()
    paper.refresh_from_db()
    assert paper.status == "co_signing"
    assert kit_client.get(next_url).status_code == 403  # only by the button's POST


@pytest.mark.django_db
def test_a_released_papers_link_says_pdf(kit_client, district):
    paper = make_paper(district=district)
    for _step in ("co_signing", "released"):
        kit_client.post(reverse("admin:papers_councilpaper_next_status", args=[paper.pk]))
    page = kit_client.get(change_url(paper)).content.decode()
    assert "PDF-Vorschau" not in page
    assert f'href="{paper.get_pdf_url()}" target="_blank" class="viewsitelink">PDF</a>' in page
    assert "Nächster Schritt: in Beratung" in page
    listing = kit_client.get(CHANGELIST_URL).content.decode()
    assert f'href="{paper.get_pdf_url()}?inline" target="_blank">PDF</a>' in listing
