"""KIT staff enter results and agenda items per Beratungsfolge row in the admin; the paper page shows them."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from actionplan.models import ActionPlan
from integration_portal.concurrency import version_token
from papers import services
from papers.models import AgendaItem, Attachment, Consultation

from ..factories import ActionPlanFactory
from .factories import make_meeting, make_paper
from .pdftext import page_texts, squeeze


def released(paper, user=None):
    services.paper_change_status(paper=paper, status="co_signing", user=user)
    return services.paper_change_status(paper=paper, status="released", user=user)


def change_url(consultation):
    return reverse("admin:papers_consultation_change", args=[consultation.pk])


def result_form(consultation, **fields):
    consultation.refresh_from_db()
    data = {
        "agenda_item": consultation.agenda_item_id or "",
        "date": consultation.date.strftime("%d.%m.%Y"),
        "outcome": "",
        "votes_yes": "",
        "votes_no": "",
        "abstentions": "",
        "amended_text": "",
        "version_token": version_token(consultation),
    }
    data.update(fields)
    return data


@pytest.fixture
def decision(district, kit_user):
    plan = ActionPlanFactory(district=district, status=ActionPlan.Status.CONSULTATION, title="Integration im Fokus")
    paper = released(make_paper(district=district, consultations=2, annex_plan=plan), kit_user)
    return paper.consultations.get(role=Consultation.Role.DECISION)


@pytest.mark.django_db
def test_kit_enters_a_result_after_release_and_the_frozen_pdf_stays(kit_client, decision):
    paper = decision.paper
    frozen = paper.released_pdf.read()
    response = kit_client.post(
        change_url(decision),
        result_form(decision, outcome="unchanged", votes_yes="40", votes_no="5", abstentions="2"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert (decision.outcome, decision.votes_yes, decision.votes_no, decision.abstentions) == ("unchanged", 40, 5, 2)
    assert decision.extract_pdf
    paper.refresh_from_db()
    with paper.released_pdf.open("rb") as file:
        assert file.read() == frozen
    plan = paper.annex_plan
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.ADOPTED
    assert decision.history.latest().history_user.username == "kit-a"


@pytest.mark.django_db
def test_amended_result_without_text_shows_a_german_error_and_saves_nothing(kit_client, decision):
    response = kit_client.post(change_url(decision), result_form(decision, outcome="amended", votes_yes="30"))
    assertContains(response, "Bitte den Beschluss im Wortlaut mit seinen Änderungen angeben.")
    decision.refresh_from_db()
    assert decision.outcome == ""


@pytest.mark.django_db
def test_a_drafts_result_is_refused_in_german(kit_client, district):
    consultation = make_paper(district=district, consultations=1).consultations.get()
    response = kit_client.post(change_url(consultation), result_form(consultation, outcome="unchanged"))
    assert response.status_code == 200
    assert "Ergebnisse lassen sich nur eintragen, solange die Vorlage freigegeben oder in Beratung ist" in (
        response.content.decode()
    )
    consultation.refresh_from_db()
    assert consultation.outcome == ""


@pytest.mark.django_db
def test_a_wrong_result_is_corrected_and_the_history_shows_both(kit_client, decision):
    kit_client.post(change_url(decision), result_form(decision, outcome="unchanged", votes_yes="40"))
    response = kit_client.post(change_url(decision), result_form(decision, outcome="deferred"))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == "deferred"
    plan = decision.paper.annex_plan
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CONSULTATION
    history = kit_client.get(reverse("admin:papers_consultation_history", args=[decision.pk])).content.decode()
    assert "ungeändert beschlossen" in history
    assert "zurückgestellt" in history


@pytest.mark.django_db
def test_the_released_papers_beratungsfolge_is_frozen_but_links_to_the_result_form(kit_client, decision):
    page = kit_client.get(reverse("admin:papers_councilpaper_change", args=[decision.paper_id]))
    assert change_url(decision) in page.content.decode()
    assert "Ergebnis eintragen" in page.content.decode()


@pytest.mark.django_db
def test_the_row_points_to_its_agenda_item_and_takes_the_meetings_date(kit_client, client, district, decision):
    meeting = make_meeting(district=district, committee=decision.committee)
    item = AgendaItem.objects.create(district=district, meeting=meeting, number="Ö 7", title="Aktionsplan")
    paper_page = client.get(decision.paper.get_absolute_url()).content.decode()
    assert '24.09.2025 <span class="muted">(geplant)</span>' in paper_page

    response = kit_client.post(change_url(decision), result_form(decision, agenda_item=item.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.agenda_item == item
    assert decision.date.isoformat() == "2025-09-23"
    paper_page = client.get(decision.paper.get_absolute_url()).content.decode()
    assert f'<a href="{meeting.get_absolute_url()}">23.09.2025</a>' in paper_page
    assert "Ö 7" in paper_page


@pytest.mark.django_db
def test_another_committees_agenda_items_are_not_offered(kit_client, district, decision):
    other = decision.paper.consultations.exclude(pk=decision.pk).get()
    meeting = make_meeting(district=district, committee=other.committee)
    item = AgendaItem.objects.create(district=district, meeting=meeting, number="Ö 1", title="Fremder Punkt")
    response = kit_client.post(change_url(decision), result_form(decision, agenda_item=item.pk))
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.agenda_item is None


@pytest.mark.django_db
def test_paper_page_lists_outcomes_votes_and_extracts(client, kit_user, decision):
    services.consultation_record_result(
        consultation=decision,
        outcome="amended",
        votes_yes=30,
        votes_no=12,
        abstentions=3,
        amended_text="Geänderter Beschluss.",
        user=kit_user,
        path="admin",
    )
    page = client.get(decision.paper.get_absolute_url()).content.decode()
    assert "geändert beschlossen" in page
    assert "Ja 30, Nein 12, Enthaltungen 3" in page
    response = client.get(decision.get_extract_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert decision.get_extract_url() in page


@pytest.mark.django_db
def test_a_non_public_rows_result_and_extract_stay_inside_the_district(client, committee_user, kit_user, decision):
    Consultation.objects.filter(pk=decision.pk).update(is_public=False)
    decision = services.consultation_record_result(
        consultation=decision, outcome="rejected", votes_yes=1, votes_no=40, abstentions=0, user=kit_user, path="admin"
    )
    page = client.get(decision.paper.get_absolute_url()).content.decode()
    assert "abgelehnt" not in page
    assert "Ja 1, Nein 40" not in page
    assert client.get(decision.get_extract_url()).status_code == 404
    client.force_login(committee_user)
    assert "abgelehnt" in client.get(decision.paper.get_absolute_url()).content.decode()
    assert client.get(decision.get_extract_url()).status_code == 200


@pytest.mark.django_db
def test_paper_page_shows_the_whole_paper_as_the_pdf_does(client, district, decision):
    paper = decision.paper
    type(paper).objects.filter(pk=paper.pk).update(
        statement_of_facts="Erster Absatz der Begründung.\n\nZweiter Absatz.",
        has_financial_effects=True,
        product_number="3.1.5",
        income=1000,
        expenses=2500,
        climate_relevance="gering",
    )
    Attachment.objects.create(district=district, paper=paper, title="Stellungnahme des Beirats", order=1)
    page = client.get(paper.get_absolute_url()).content.decode()
    for text in (
        "Beschlussvorschlag",
        "Der Kreistag beschließt die Umsetzung des Aktionsplans.",
        "Sachverhalt",
        "Erster Absatz der Begründung.",
        "Zweiter Absatz.",
        "Klimaschutz",
        "gering",
        "Finanzielle Auswirkungen",
        "3.1.5",
        "-1.500,00 €",
        "Stellungnahme des Beirats",
        "Aktionsplan „Integration im Fokus“",
    ):
        assert text in page, text
    # The plan is still in consultation: a draft is not linked for visitors.
    assert paper.annex_plan.get_absolute_url() not in page


@pytest.mark.django_db
def test_paper_page_links_the_annex_plan_where_the_reader_may_open_it(client, committee_user, decision):
    paper = decision.paper
    client.force_login(committee_user)
    assert paper.annex_plan.get_absolute_url() in client.get(paper.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_restoring_an_earlier_result_takes_the_same_path_as_an_edit(kit_client, decision):
    kit_client.post(change_url(decision), result_form(decision, outcome="unchanged", votes_yes="40"))
    adopted = decision.history.order_by("history_date").last()
    kit_client.post(change_url(decision), result_form(decision, outcome="rejected", votes_yes="4", votes_no="40"))
    plan = decision.paper.annex_plan
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CONSULTATION

    url = reverse("admin:papers_consultation_simple_history", args=[decision.pk, adopted.history_id])
    form = kit_client.get(url).context["adminform"].form
    data = result_form(decision, outcome="unchanged", votes_yes="40", version_token=form["version_token"].value())
    assert kit_client.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert (decision.outcome, decision.votes_yes, decision.votes_no) == ("unchanged", 40, None)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.ADOPTED
    text = squeeze("\n".join(page_texts(decision.extract_pdf.read())))
    assert squeeze("ungeändert beschlossen") in text
    assert squeeze("Ja 40, Nein 0") in text
