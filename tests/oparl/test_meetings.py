"""Meetings, agenda items, locations and decision extracts in the OParl interface."""

import json

import pytest

from papers import services
from papers.models import AgendaItem, Consultation

from ..factories import DistrictFactory
from ..queries import count_queries
from .factories import meeting_with_agenda, released_paper
from .oparl_walk import Walker

SYSTEM = "http://testserver/oparl/v1/"


@pytest.fixture
def council(db, settings, tmp_path):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    paper = released_paper(district=district, title="Aktionsplan Integration")
    meeting = meeting_with_agenda(paper=paper)
    consultation = paper.consultations.order_by("order").first()
    services.consultation_record_result(
        consultation=consultation,
        outcome=Consultation.Outcome.UNCHANGED,
        votes_yes=12,
        votes_no=1,
        abstentions=0,
        user=None,
        path="command",
    )
    secret = meeting_with_agenda(
        paper=released_paper(district=district, title="Zweite Vorlage"), public=False, name="Geheime Sitzung"
    )
    return {"paper": paper, "meeting": meeting, "consultation": consultation, "secret": secret}


def test_meetings_agenda_items_locations_and_extracts_validate_and_link_back(council, client):
    walker = Walker(client).walk(SYSTEM)
    objects = walker.objects
    meeting = objects[f"{SYSTEM}meeting/{council['meeting'].pk}/"]
    assert meeting["meetingState"] == "durchgeführt" and meeting["cancelled"] is False
    assert meeting["location"]["streetAddress"] == "Kaiserstraße 8"
    assert meeting["invitation"]["meeting"] == [meeting["id"]]
    # Only the public item; the non-public one is not even numbered.
    assert [item["number"] for item in meeting["agendaItem"]] == ["Ö 5"]
    item = meeting["agendaItem"][0]
    assert objects[item["id"]] == item and item["meeting"] == meeting["id"]
    assert item["result"] == "ungeändert beschlossen"
    consultation = objects[item["consultation"]]
    assert consultation["agendaItem"] == item["id"] and consultation["meeting"] == meeting["id"]
    assert consultation["integrationsportal:votesYes"] == 12
    extract = item["resolutionFile"]
    assert objects[extract["id"]] == extract and extract["agendaItem"] == [item["id"]]
    paper = objects[consultation["paper"]]
    assert extract in paper["auxiliaryFile"] and extract["paper"] == [paper["id"]]
    location = objects[meeting["location"]["id"]]
    assert location["meetings"] == [meeting["id"]]
    organization = objects[meeting["organization"][0]]
    assert meeting["id"] in walker.listed[organization["meeting"]]
    assert meeting["id"] in walker.listed[paper["body"] + "meeting/"]
    assert location["id"] in walker.listed[paper["body"] + "location/"]
    download = client.get(extract["accessUrl"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_non_public_meeting_its_items_and_files_appear_nowhere(council, client):
    walker = Walker(client).walk(SYSTEM)
    everything = json.dumps([client.get(url).json() for url in walker.fetched], ensure_ascii=False)
    secret = council["secret"]
    assert "Geheime Sitzung" not in everything and f"/meeting/{secret.pk}/" not in everything
    assert "Grundstücksangelegenheit" not in everything
    for item in AgendaItem.objects.filter(is_public=False) | secret.agenda_items.all():
        assert f"/agendaitem/{item.pk}/" not in everything
        assert client.get(f"/oparl/v1/agendaitem/{item.pk}/").status_code == 404
    assert f"invitation-{secret.pk}" not in everything
    assert client.get(f"/oparl/v1/meeting/{secret.pk}/").status_code == 404
    assert client.get(f"/districts/rendsburg-eckernfoerde/meetings/{secret.pk}/invitation/").status_code == 404
    meetings = client.get("/oparl/v1/body/rendsburg-eckernfoerde/meeting/").json()
    assert meetings["pagination"]["totalElements"] == 1
    # The second paper is public, its consultation too, but the meeting that handles it is not.
    second = client.get("/oparl/v1/body/rendsburg-eckernfoerde/paper/").json()["data"][1]
    assert "agendaItem" not in second["consultation"][0] and "meeting" not in second["consultation"][0]


def test_a_meeting_made_non_public_is_reported_deleted_with_its_items_and_files(council, client):
    meeting = council["meeting"]
    listed = client.get("/oparl/v1/body/rendsburg-eckernfoerde/meeting/").json()["data"][0]
    meeting.is_public = False
    meeting.save()
    params = {"modified_since": listed["modified"]}
    meetings = client.get("/oparl/v1/body/rendsburg-eckernfoerde/meeting/", params).json()["data"]
    assert [(obj["id"], obj.get("deleted")) for obj in meetings] == [(listed["id"], True)]
    items = client.get("/oparl/v1/body/rendsburg-eckernfoerde/agendaitem/", params).json()["data"]
    assert [obj.get("deleted") for obj in items] == [True]
    files = client.get("/oparl/v1/body/rendsburg-eckernfoerde/file/", params).json()["data"]
    assert {"id": f"{SYSTEM}file/invitation-{meeting.pk}/", "deleted": True}.items() <= {
        key: value for obj in files if obj["id"].endswith(f"invitation-{meeting.pk}/") for key, value in obj.items()
    }.items()


@pytest.mark.parametrize("kind", ["meeting", "agendaitem", "location", "file"])
def test_meeting_lists_take_the_same_queries_for_1_and_6_meetings(db, client, kind):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    counts = []
    for size in (1, 6):
        while district.pk and len(client.get("/oparl/v1/body/rendsburg-eckernfoerde/meeting/").json()["data"]) < size:
            meeting_with_agenda(paper=released_paper(district=district))
        with count_queries() as queries:
            client.get(f"/oparl/v1/body/rendsburg-eckernfoerde/{kind}/")
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_renamed_meeting_reports_its_items_consultation_and_paper_as_modified(council, client):
    paper_url = f"{SYSTEM}paper/{council['paper'].pk}/"
    meeting = council["meeting"]
    meeting.name = "3. Sitzung des Sozial- und Gesundheitsausschusses"
    meeting.save()
    params = {"modified_since": meeting.modified.isoformat()}
    url = "/oparl/v1/body/rendsburg-eckernfoerde/{}/"
    assert [obj["id"] for obj in client.get(url.format("meeting"), params).json()["data"]] == [
        f"{SYSTEM}meeting/{meeting.pk}/"
    ]
    assert [obj["id"] for obj in client.get(url.format("paper"), params).json()["data"]] == [paper_url]
    assert [obj["id"] for obj in client.get(url.format("consultation"), params).json()["data"]] == [
        f"{SYSTEM}consultation/{council['consultation'].pk}/"
    ]


def test_committees_without_public_business_are_not_published(council, client):
    from ..papers.factories import CommitteeFactory

    quiet = CommitteeFactory(district=council["paper"].district, name="Ältestenrat")
    organizations = client.get("/oparl/v1/body/rendsburg-eckernfoerde/organization/").json()["data"]
    assert "Ältestenrat" not in [obj["name"] for obj in organizations]
    assert client.get(f"/oparl/v1/organization/{quiet.pk}/").status_code == 404


def test_a_result_taken_in_a_non_public_meeting_is_not_published(council, client):
    hidden = council["secret"].agenda_items.get(number="Ö 5").consultations.get()
    services.consultation_record_result(
        consultation=hidden, outcome="rejected", votes_yes=1, votes_no=20, abstentions=0, user=None, path="command"
    )
    body = client.get(f"/oparl/v1/consultation/{hidden.pk}/").json()
    assert not any(key.startswith("integrationsportal:") for key in body)
    everything = json.dumps(
        [client.get(f"/oparl/v1/body/rendsburg-eckernfoerde/{kind}/").json() for kind in ("paper", "file")]
    )
    assert f"extract-{hidden.pk}" not in everything and "abgelehnt" not in everything
    assert client.get(f"/oparl/v1/file/extract-{hidden.pk}/").status_code == 404
    # The published one is there, and its file opens.
    shown = council["consultation"]
    extract = client.get(f"/oparl/v1/file/extract-{shown.pk}/").json()
    assert client.get(extract["accessUrl"].removeprefix("http://testserver")).status_code == 200


def test_a_place_no_public_meeting_uses_any_more_is_reported_deleted(council, client):
    meeting, secret = council["meeting"], council["secret"]
    url = "/oparl/v1/body/rendsburg-eckernfoerde/location/"
    place = client.get(url).json()["data"][0]
    assert place["id"] == f"{SYSTEM}location/{meeting.location_id}/"
    params = {"modified_since": place["modified"]}

    # Another public meeting moves into the place: its own former place is public no more, this one stays.
    other = meeting_with_agenda(paper=released_paper(district=meeting.district, title="Dritte Vorlage"))
    former = f"{SYSTEM}location/{other.location_id}/"
    other.location = meeting.location
    other.save()
    reported = {obj["id"]: obj.get("deleted") for obj in client.get(url, params).json()["data"]}
    assert (reported[former], reported.get(place["id"])) == (True, None)

    # The first meeting goes non-public: the place is still used by the other one.
    meeting.is_public = False
    meeting.save()
    assert place["id"] in [obj["id"] for obj in client.get(url).json()["data"]]

    # The other meeting moves to a non-public meeting's place: the old place is public no more.
    other.location = secret.location
    other.save()
    reported = {obj["id"]: obj.get("deleted") for obj in client.get(url, params).json()["data"]}
    assert reported[place["id"]] is True
