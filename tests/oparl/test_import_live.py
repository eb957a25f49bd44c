"""The import against the portal's own OParl interface, served by a live server with a second district's data.

The council system is a district of its own (“Ratsinformation Rendsburg-Eckernförde”) that records the
results; the importing district holds the same papers, released, without results.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from actionplan.models import ActionPlan
from papers.models import Committee, Consultation, CouncilPaper

from ..factories import ActionPlanFactory, DistrictFactory
from .factories import meeting_with_agenda, released_paper

pytestmark = pytest.mark.django_db(transaction=True)

COMMITTEES = ("Sozial- und Gesundheitsausschuss", "Kreistag")


def papers_with_committees(district, reference, **fields):
    paper = released_paper(district=district, attachments=0, **fields)
    CouncilPaper.objects.filter(pk=paper.pk).update(reference=reference)
    for consultation, name in zip(paper.consultations.order_by("order"), COMMITTEES, strict=True):
        consultation.committee = Committee.objects.get_or_create(district=district, name=name)[0]
        consultation.save()
    return CouncilPaper.objects.get(pk=paper.pk)


@pytest.fixture
def systems(db):
    council = DistrictFactory(slug="ratsinfo", name="Ratsinformation Rendsburg-Eckernförde")
    source = papers_with_committees(council, "VO/2025/246")
    meeting_with_agenda(paper=source)  # the Sozialausschuss met on 23.09.2025 (meeting and agenda item)
    first, decision = source.consultations.order_by("order")
    Consultation.objects.filter(pk=first.pk).update(outcome="unchanged", votes_yes=9, votes_no=2, abstentions=1)
    Consultation.objects.filter(pk=decision.pk).update(
        outcome="unchanged", votes_yes=40, votes_no=5, abstentions=2, date=datetime.date(2025, 9, 29)
    )
    CouncilPaper.objects.filter(pk=source.pk).update(modified=timezone.now())
    ours = DistrictFactory(slug="rendsburg-eckernfoerde", name="Kreis Rendsburg-Eckernförde")
    plan = ActionPlanFactory(district=ours, status=ActionPlan.Status.DRAFT)
    paper = papers_with_committees(ours, "VO/2025/246", annex_plan=plan)
    return {"ours": ours, "paper": paper, "plan": plan}


def test_import_from_the_portals_own_oparl_interface(live_server, systems):
    ours = systems["ours"]
    ours.oparl_source_url = f"{live_server.url}/oparl/v1/body/ratsinfo/"
    ours.save()
    out = io.StringIO()
    call_command("import_results", "--district", ours.slug, stdout=out)
    first, decision = systems["paper"].consultations.order_by("order")
    assert (first.outcome, first.votes_yes, first.votes_no, first.abstentions) == ("unchanged", 9, 2, 1)
    assert first.date == datetime.date(2025, 9, 23)  # the meeting's date
    assert (decision.outcome, decision.votes_yes, decision.votes_no, decision.abstentions) == ("unchanged", 40, 5, 2)
    assert decision.extract_pdf
    text = out.getvalue()
    assert decision.date == datetime.date(2025, 9, 29)
    assert "VO/2025/246, Sozial- und Gesundheitsausschuss, 23.09.2025: ungeändert beschlossen" in text
    assert "VO/2025/246, Kreistag, 29.09.2025: ungeändert beschlossen (ja 40, nein 5, Enthaltungen 2)" in text
    # The same rules as a manual entry: history with the path, and the annex plan adopted by the decision.
    assert decision.history.first().history_path == "command"
    assert ActionPlan.objects.get(pk=systems["plan"].pk).status == ActionPlan.Status.ADOPTED
    # Idempotent.
    again = io.StringIO()
    call_command("import_results", "--district", ours.slug, stdout=again)
    assert "Keine Änderungen" in again.getvalue()
    assert decision.history.count() == Consultation.objects.get(pk=decision.pk).history.count()
