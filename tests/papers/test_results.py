"""Results after release: outcome and votes per consultation, the decision extract, the plan adopted by decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actionplan.models import ActionPlan
from papers import services
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
    adopting = services.plan_adopting_consultation(plan=plan)
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
    assert decision.history.latest().history_change_reason == "admin"
