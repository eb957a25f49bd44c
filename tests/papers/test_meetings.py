"""Meetings (Sitzungen) with their agendas: written in the admin, read in the browser as in a council system."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from papers import services
from papers.models import AgendaItem, Consultation, Meeting

from ..pages import missing
from ..queries import count_queries
from .factories import CommitteeFactory, make_meeting, make_paper

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def released(paper, user=None):
    services.paper_change_status(paper=paper, status="co_signing", user=user)
    return services.paper_change_status(paper=paper, status="released", user=user)


def meeting_url(meeting):
    return meeting.get_absolute_url()


def list_url(district):
    return reverse("papers:meeting_list", kwargs={"slug": district.slug})


@pytest.fixture
def agenda(district):
    """A public meeting with a public item on a released paper and a non-public item on a personnel matter."""
    paper = released(make_paper(district=district, consultations=1, title="Aktionsplan Integration"))
    consultation = paper.consultations.get()
    meeting = make_meeting(district=district, committee=consultation.committee, name="3. Sitzung des SoGA")
    public = AgendaItem.objects.create(
        district=district, meeting=meeting, number="Ö 5", order=5, title="Aktionsplan Integration"
    )
    AgendaItem.objects.create(
        district=district,
        meeting=meeting,
        number="N 2.1",
        order=20,
        title="Personalangelegenheit Müller",
        is_public=False,
    )
    services.consultation_link_agenda_item(consultation=consultation, agenda_item=public, user=None, path="admin")
    return {"paper": paper, "meeting": meeting, "consultation": consultation}


@pytest.mark.django_db
def test_kit_creates_a_meeting_with_its_agenda_in_the_admin(kit_client, district):
    committee = CommitteeFactory(district=district, name="Kreistag")
    response = kit_client.post(
        reverse("admin:papers_meeting_add"),
        {
            "committee": committee.pk,
            "name": "5. Sitzung des Kreistages",
            "start_0": "29.09.2025",
            "start_1": "17:00",
            "end_0": "29.09.2025",
            "end_1": "20:30",
            "is_public": "on",
            "state": "invited",
            "agenda_items-TOTAL_FORMS": "2",
            "agenda_items-INITIAL_FORMS": "0",
            "agenda_items-0-order": "1",
            "agenda_items-0-number": "Ö 1",
            "agenda_items-0-title": "Eröffnung der Sitzung",
            "agenda_items-0-is_public": "on",
            "agenda_items-1-order": "2",
            "agenda_items-1-number": "N 2.1",
            "agenda_items-1-title": "Grundstücksangelegenheit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.district == district
    assert meeting.get_state_display() == "eingeladen"
    assert timezone.localtime(meeting.start) == timezone.make_aware(datetime.datetime(2025, 9, 29, 17, 0))
    assert [(item.number, item.is_public) for item in meeting.agenda_items.all()] == [("Ö 1", True), ("N 2.1", False)]
    assert meeting.history.count() == 1


@pytest.mark.django_db
def test_a_meeting_ending_before_it_starts_is_refused_in_german(kit_client, district):
    committee = CommitteeFactory(district=district)
    response = kit_client.post(
        reverse("admin:papers_meeting_add"),
        {
            "committee": committee.pk,
            "start_0": "29.09.2025",
            "start_1": "17:00",
            "end_0": "29.09.2025",
            "end_1": "16:00",
            "is_public": "on",
            "state": "planned",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Die Sitzung darf nicht enden, bevor sie beginnt." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_visitors_see_the_public_agenda_without_non_public_items(client, agenda):
    page = client.get(meeting_url(agenda["meeting"])).content.decode()
    assert "3. Sitzung des SoGA" in page
    assert "Kreishaus, Sitzungssaal" in page
    assert "Ö 5" in page
    assert agenda["paper"].get_absolute_url() in page
    assert "Personalangelegenheit Müller" not in page
    assert "N 2.1" not in page


@pytest.mark.django_db
def test_the_districts_readers_see_non_public_items_marked(client, committee_user, agenda):
    client.force_login(committee_user)
    page = client.get(meeting_url(agenda["meeting"])).content.decode()
    assert "Personalangelegenheit Müller" in page
    assert "nichtöffentlich" in page


@pytest.mark.django_db
def test_non_public_meetings_do_not_exist_for_visitors(client, committee_user, district, other_kit_user):
    meeting = make_meeting(district=district, committee=CommitteeFactory(district=district), is_public=False)
    assert client.get(meeting_url(meeting)).status_code == 404
    assert meeting_url(meeting) not in client.get(list_url(district)).content.decode()
    client.force_login(other_kit_user)
    assert client.get(meeting_url(meeting)).status_code == 404
    client.force_login(committee_user)
    assert client.get(meeting_url(meeting)).status_code == 200
    assert meeting_url(meeting) in client.get(list_url(district)).content.decode()


@pytest.mark.django_db
def test_an_agenda_item_on_an_unreleased_paper_links_no_paper(client, district):
    draft = make_paper(district=district, consultations=1)
    consultation = draft.consultations.get()
    meeting = make_meeting(district=district, committee=consultation.committee)
    item = AgendaItem.objects.create(district=district, meeting=meeting, number="Ö 3", title="Vorlage in Arbeit")
    services.consultation_link_agenda_item(consultation=consultation, agenda_item=item, user=None, path="admin")
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Vorlage in Arbeit" in page
    assert draft.reference not in page


@pytest.mark.django_db
def test_meeting_list_shows_date_committee_location_and_state(client, district):
    make_meeting(district=district, committee=CommitteeFactory(district=district, name="Kreistag"), state="cancelled")
    page = client.get(list_url(district)).content.decode()
    assert not missing(page, "23.09.2025", "17:00", "Kreistag", "Kreishaus, Sitzungssaal", "abgesagt")


@pytest.mark.django_db
def test_meeting_pages_have_a_fixed_number_of_queries(client, district):
    committee = CommitteeFactory(district=district)

    def count(meeting):
        with count_queries() as statements:
            assert client.get(meeting_url(meeting)).status_code == 200
        return len(statements)

    small = make_meeting(district=district, committee=committee)
    big = make_meeting(district=district, committee=committee)
    for number in range(13):
        paper = released(make_paper(district=district, consultations=1, title=f"Vorlage {number}"))
        consultation = paper.consultations.get()
        Consultation.objects.filter(pk=consultation.pk).update(committee=committee)
        meeting = small if number == 0 else big
        item = AgendaItem.objects.create(district=district, meeting=meeting, number=f"Ö {number}", title=paper.title)
        services.consultation_link_agenda_item(consultation=consultation, agenda_item=item, user=None, path="admin")
    # meeting, agenda items, their consultations with papers, the visible papers
    assert count(small) == count(big) == 4


@pytest.mark.django_db
def test_invitation_and_minutes_are_served_to_who_may_see_the_meeting(client, committee_user, district):
    meeting = make_meeting(district=district, committee=CommitteeFactory(district=district), is_public=False)
    meeting.invitation = SimpleUploadedFile("einladung.pdf", PDF_BYTES, content_type="application/pdf")
    meeting.save()
    url = reverse("papers:meeting_file", kwargs={"slug": district.slug, "pk": meeting.pk, "kind": "invitation"})
    assert client.get(url).status_code == 404
    client.force_login(committee_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "Einladung-2025-09-23.pdf" in response["Content-Disposition"]
    minutes = reverse("papers:meeting_file", kwargs={"slug": district.slug, "pk": meeting.pk, "kind": "minutes"})
    assert client.get(minutes).status_code == 404
    other = reverse("papers:meeting_file", kwargs={"slug": district.slug, "pk": meeting.pk, "kind": "district"})
    assert client.get(other).status_code == 404


@pytest.mark.django_db
def test_district_page_leads_residents_to_the_meetings(client, district):
    page = client.get(district.get_absolute_url()).content.decode()
    assert f'href="{list_url(district)}"' in page
    assert f"Sitzungen und Tagesordnungen: {district.name}" in page
