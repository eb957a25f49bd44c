"""Results after release: outcome and votes per consultation, the decision extract, the plan adopted by decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actionplan.models import ActionPlan
from papers import selectors, services
from papers.models import Consultation

from ..factories import ActionPlanFactory
from .factories import make_paper
from .pdftext import page_texts, reader, squeeze


def released(paper, user):
    services.paper_change_status(paper=paper, status="co_signing", user=user)
    return services.paper_change_status(paper=paper, status="released", user=user)


def record(consultation, user, **result):
    values = {"outcome": "unchanged", "votes_yes": None, "votes_no": None, "abstentions": None} | result
    return services.consultation_record_result(consultation=consultation, user=user, path="admin", **values)


@pytest.fixture
def paper(district, kit_user):
    return released(make_paper(district=district, consultations=2), kit_user)


def test_result_after_release_leaves_the_frozen_pdf_byte_identical(paper, kit_user):
    frozen = paper.released_pdf.read()
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    record(decision, kit_user, outcome="unchanged", votes_yes=40, votes_no=5, abstentions=2)
    paper.refresh_from_db()
    with paper.released_pdf.open("rb") as file:
        assert file.read() == frozen


def test_result_produces_a_tagged_decision_extract(paper, kit_user):
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    decision = record(decision, kit_user, outcome="unchanged", votes_yes=40, votes_no=5, abstentions=2)
    pdf = decision.extract_pdf.read()
    text = squeeze("\n".join(page_texts(pdf)))
    for expected in (
        "Beschlussauszug",
        paper.reference,
        paper.title,
        decision.committee.name,
        "24.09.2025",
        "ungeändertbeschlossen",
        "Ja40,Nein5,Enthaltungen2",
        paper.proposed_resolution,
    ):
        assert squeeze(expected) in text
    assert bool(reader(pdf).trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_amended_decision_prints_the_amended_text(paper, kit_user):
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    decision = record(decision, kit_user, outcome="amended", amended_text="Der Kreistag beschließt mit Änderung X.")
    text = squeeze("\n".join(page_texts(decision.extract_pdf.read())))
    assert squeeze("Der Kreistag beschließt mit Änderung X.") in text
    assert squeeze(paper.proposed_resolution) not in text


def test_amended_decision_without_its_text_is_refused(paper, kit_user):
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    with pytest.raises(ValidationError) as error:
        record(decision, kit_user, outcome="amended")
    assert "Änderungen" in " ".join(error.value.messages)
    decision.refresh_from_db()
    assert decision.outcome == ""


def test_result_of_a_draft_is_refused(district, kit_user):
    draft = make_paper(district=district, consultations=1)
    with pytest.raises(ValidationError) as error:
        record(draft.consultations.get(), kit_user)
    assert "Entwurf" in " ".join(error.value.messages)


def test_recording_the_same_result_twice_changes_nothing(paper, kit_user):
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    first = record(decision, kit_user, votes_yes=40)
    second = record(decision, kit_user, votes_yes=40)
    assert second.extract_pdf.name == first.extract_pdf.name
    assert decision.history.count() == 2  # created, recorded once


@pytest.mark.parametrize(
    ("outcome", "adopted"),
    [("unchanged", True), ("amended", True), ("rejected", False), ("deferred", False), ("adjourned", False)],
)
def test_decision_adopts_the_annex_plan(district, kit_user, outcome, adopted):
    plan = ActionPlanFactory(district=district, status=ActionPlan.Status.CONSULTATION)
    paper = released(make_paper(district=district, consultations=2, annex_plan=plan), kit_user)
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    record(decision, kit_user, outcome=outcome, amended_text="Geändert." if outcome == "amended" else "")
    plan.refresh_from_db()
    assert (plan.status == ActionPlan.Status.ADOPTED) is adopted
    adopting = selectors.plan_adopting_consultation(plan=plan)
    assert (adopting == decision) is adopted


def test_a_deliberation_does_not_adopt_the_plan(district, kit_user):
    plan = ActionPlanFactory(district=district, status=ActionPlan.Status.CONSULTATION)
    paper = released(make_paper(district=district, consultations=2, annex_plan=plan), kit_user)
    record(paper.consultations.get(role=Consultation.Role.DELIBERATION), kit_user)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CONSULTATION


def test_corrected_result_returns_the_plan_and_history_shows_both(district, kit_user):
    plan = ActionPlanFactory(district=district, status=ActionPlan.Status.CONSULTATION)
    paper = released(make_paper(district=district, consultations=2, annex_plan=plan), kit_user)
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    record(decision, kit_user, outcome="unchanged", meeting_date=datetime.date(2025, 9, 29))
    record(decision, kit_user, outcome="rejected", votes_yes=10, votes_no=30)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CONSULTATION
    outcomes = list(decision.history.order_by("history_date").values_list("outcome", flat=True))
    assert outcomes == ["", "unchanged", "rejected"]
    assert decision.history.latest().history_path == "admin"


def test_demo_has_the_two_meetings_of_vo_2025_246_and_no_invented_results(demo):
    rows = list(demo["paper"].consultations.select_related("agenda_item__meeting__committee"))
    meetings = [(row.meeting.date.isoformat(), row.meeting.committee.name, row.agenda_item.number) for row in rows]
    assert meetings == [
        ("2025-09-23", "Sozial- und Gesundheitsausschuss", "Ö 5"),
        ("2025-09-29", "Kreistag des Kreises Rendsburg-Eckernförde", "Ö 9"),
    ]
    assert [(row.outcome, row.has_votes) for row in rows] == [("", False), ("", False)]


def test_demo_drucksache_has_its_decision_and_extract(client, demo):
    decision = demo["drucksache"].consultations.get(role=Consultation.Role.DECISION)
    page = client.get(demo["drucksache"].get_absolute_url()).content.decode()
    assert "ungeändert beschlossen" in page
    assert decision.get_extract_url() in page
    response = client.get(decision.get_extract_url())
    assert response.status_code == 200
    text = squeeze("\n".join(page_texts(b"".join(response.streaming_content))))
    for expected in ("Beschlussauszug", "Drucksache 2018/0412", "Kreistag des Kreises Dithmarschen", "11.09.2018"):
        assert squeeze(expected) in text
    assert squeeze("ungeändert beschlossen") in text


def test_plan_page_shows_the_decision_that_adopted_it(client, demo):
    paper, kit = demo["paper"], demo["kit"]
    ActionPlan.objects.filter(pk=paper.annex_plan_id).update(status=ActionPlan.Status.CONSULTATION)
    paper = released(paper, kit)
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    record(decision, kit, outcome="unchanged", votes_yes=48, votes_no=3, abstentions=4)
    page = client.get(paper.annex_plan.get_absolute_url()).content.decode()
    assert f'beschlossen vom Kreistag am 29.09.2025, <a href="{paper.get_absolute_url()}">VO/2025/246</a>' in page
