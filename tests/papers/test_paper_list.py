"""The paper list: search by reference and subject, filters by committee, meeting, year and status;
visitors are offered only what they can see."""

import pytest
from django.urls import reverse

from integration_portal import roles
from papers import services
from papers.models import AgendaItem

from ..factories import UserFactory
from .factories import CommitteeFactory, make_meeting, make_paper


def released(paper, user=None):
    services.paper_change_status(paper=paper, status="co_signing", user=user)
    return services.paper_change_status(paper=paper, status="released", user=user)


def list_url(district):
    return reverse("papers:paper_list", kwargs={"slug": district.slug})


def references(response):
    return [paper.reference for paper in response.context["papers"]]


def on_agenda(paper, meeting, number):
    consultation = paper.consultations.get()
    consultation.committee = meeting.committee
    consultation.save()
    item = AgendaItem.objects.create(district=paper.district, meeting=meeting, number=number, title=paper.title)
    services.consultation_link_agenda_item(consultation=consultation, agenda_item=item, user=None, path="admin")
    return item


@pytest.fixture
def papers(district):
    language = released(make_paper(district=district, consultations=1, title="Sprachkurse für Geflüchtete"))
    housing = released(make_paper(district=district, consultations=1, title="Wohnraum für Zugewanderte"))
    draft = make_paper(district=district, consultations=1, title="Sprachförderung im Entwurf")
    committee = CommitteeFactory(district=district, name="Sozial- und Gesundheitsausschuss")
    public_meeting = make_meeting(district=district, committee=committee, name="Öffentliche Sitzung")
    draft_meeting = make_meeting(district=district, committee=committee, name="Sitzung nur mit Entwurf")
    on_agenda(language, public_meeting, "Ö 5")
    on_agenda(draft, draft_meeting, "Ö 1")
    return {"language": language, "housing": housing, "draft": draft, "meeting": public_meeting, "other": draft_meeting}


@pytest.mark.django_db
def test_search_finds_papers_by_reference_and_subject_text(client, district, papers):
    assert references(client.get(list_url(district), {"q": "sprachkurse"})) == [papers["language"].reference]
    assert references(client.get(list_url(district), {"q": papers["housing"].reference})) == [
        papers["housing"].reference
    ]
    # Visitors never find a draft, whatever they search for.
    assert references(client.get(list_url(district), {"q": "Sprachförderung"})) == []


@pytest.mark.django_db
def test_filter_by_meeting(client, district, papers):
    response = client.get(list_url(district), {"meeting": papers["meeting"].pk})
    assert references(response) == [papers["language"].reference]


@pytest.mark.django_db
def test_visitors_are_offered_only_meetings_and_statuses_they_can_see(client, district, papers):
    form = client.get(list_url(district)).context["form"]
    assert list(form.fields["meeting"].queryset) == [papers["meeting"]]
    assert [value for value, _label in form.fields["status"].choices] == ["", "released", "in_consultation", "done"]
    # A meeting they cannot see is no valid choice either.
    response = client.get(list_url(district), {"meeting": papers["other"].pk})
    assert "meeting" in response.context["form"].errors


@pytest.mark.django_db
def test_the_districts_readers_are_offered_every_meeting_and_status(client, district, papers):
    client.force_login(UserFactory(district=district, role=roles.COMMITTEE_MEMBERS))
    form = client.get(list_url(district)).context["form"]
    assert set(form.fields["meeting"].queryset) == {papers["meeting"], papers["other"]}
    assert "draft" in [value for value, _label in form.fields["status"].choices]
    assert references(client.get(list_url(district), {"meeting": papers["other"].pk})) == [papers["draft"].reference]


@pytest.mark.django_db
def test_list_page_shows_search_and_meeting_filter_in_german(client, district, papers):
    page = client.get(list_url(district)).content.decode()
    assert "Suche" in page
    assert "Sitzung" in page
    assert "23.09.2025 Öffentliche Sitzung" in page
