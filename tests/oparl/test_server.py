"""The OParl 1.1 interface: valid objects, links that resolve, only what the public may read, sync, HTTP."""

import datetime
import json

import pytest
from django.utils import timezone

from integration_portal.models import District
from papers.models import Consultation, CouncilPaper

from ..factories import DistrictFactory
from ..queries import count_queries
from .factories import released_paper
from .oparl_walk import Walker, validate

SYSTEM = "http://testserver/oparl/v1/"


def _list(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body):
    return [obj["id"] for obj in body["data"]]


def test_every_object_of_the_demo_validates_and_every_link_resolves(demo, client):
    walker = Walker(client).walk(SYSTEM)
    objects = walker.objects
    paper = objects[f"{SYSTEM}paper/{demo['drucksache'].pk}/"]
    assert paper["reference"] == "Drucksache 2018/0412"
    assert paper["mainFile"]["accessUrl"].endswith(f"/papers/{demo['drucksache'].pk}/pdf/?inline")
    # Back references: every object points back to the one that lists or embeds it.
    for url, obj in objects.items():
        kind = obj["type"].rsplit("/", 1)[-1]
        if kind == "Paper":
            assert url in walker.listed[obj["body"] + "paper/"]
            for consultation in obj["consultation"]:
                assert consultation["paper"] == url
                assert objects[consultation["id"]] == consultation
                for organization in consultation["organization"]:
                    assert objects[organization]["body"] == obj["body"]
                    assert consultation["id"] in walker.listed[objects[organization]["consultation"]]
            for file in [obj["mainFile"], *obj["auxiliaryFile"]]:
                assert objects[file["id"]] == file
                assert file["paper"] == [url]
                assert file["id"] in walker.listed[obj["body"] + "file/"]
            for related in obj.get("relatedPaper", []):
                assert url in objects[related]["relatedPaper"]
        if kind == "Organization":
            assert url in walker.listed[obj["body"] + "organization/"]
        if kind == "Body":
            assert url in walker.listed[SYSTEM + "body/"]
            assert objects[obj["system"]]["body"] == SYSTEM + "body/"
    # The draft VO/2025/246 is not published; the released Drucksache and its two consultations are.
    assert f"{SYSTEM}paper/{demo['paper'].pk}/" not in objects
    kinds = sorted(obj["type"].rsplit("/", 1)[-1] for obj in objects.values())
    assert kinds.count("Paper") == 1 and kinds.count("Consultation") == 2 and kinds.count("Body") == 4
    # The two meetings of VO/2025/246 with their agenda items, at the Kreishaus; the paper itself is a draft,
    # so the items name no consultation.
    meetings = sorted((obj for obj in objects.values() if obj["type"].endswith("/Meeting")), key=lambda m: m["start"])
    assert [(m["start"][:10], [item["number"] for item in m["agendaItem"]]) for m in meetings] == [
        ("2025-09-23", ["Ö 5"]),
        ("2025-09-29", ["Ö 9"]),
    ]
    assert all("consultation" not in m["agendaItem"][0] for m in meetings)
    assert meetings[0]["location"]["description"] == "Kreishaus Rendsburg"
    # Drucksache 2018/0412: its decision “ungeändert beschlossen” with the extract as a file of the paper.
    decision = next(c for c in paper["consultation"] if c["authoritative"])
    assert decision["integrationsportal:result"] == "ungeändert beschlossen"
    assert [file["name"] for file in paper["auxiliaryFile"]] == ["Beschlussauszug Drucksache 2018/0412, 11.09.2018"]


def test_non_public_papers_their_consultations_and_files_appear_nowhere(db, client):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    shown = released_paper(district=district, title="Öffentliche Vorlage")
    hidden = released_paper(district=district, public=False, title="Geheime Personalsache")
    draft = released_paper(district=district, status="draft", title="Entwurf einer Vorlage")
    consultation = shown.consultations.first()
    consultation.is_public = False
    consultation.save()
    walker = Walker(client).walk(SYSTEM)
    everything = json.dumps([client.get(url).json() for url in walker.fetched], ensure_ascii=False)
    assert "Öffentliche Vorlage" in everything
    for paper in (hidden, draft):
        assert paper.title not in everything and paper.reference not in everything
        assert f"/paper/{paper.pk}/" not in everything
        for item in paper.consultations.all():
            assert f"/consultation/{item.pk}/" not in everything
        for item in paper.attachments.all():
            assert f"attachment-{item.pk}/" not in everything and item.title not in everything
        assert client.get(f"/oparl/v1/paper/{paper.pk}/").status_code == 404
        assert client.get(f"/oparl/v1/file/paper-{paper.pk}/").status_code == 404
    assert f"/consultation/{consultation.pk}/" not in everything
    # It was public before its session was made non-public: its URL answers as deleted, and says nothing more.
    grave = client.get(f"/oparl/v1/consultation/{consultation.pk}/").json()
    assert set(grave) == {"id", "type", "created", "modified", "deleted"} and grave["deleted"] is True
    # Not even as a count.
    papers = _list(client, "/oparl/v1/body/rendsburg-eckernfoerde/paper/")
    assert papers["pagination"]["totalElements"] == 1
    consultations = _list(client, "/oparl/v1/body/rendsburg-eckernfoerde/consultation/")
    assert consultations["pagination"]["totalElements"] == 1


def test_incremental_sync_returns_exactly_the_changed_and_deleted_objects(db, client):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    renamed, voted, withdrawn, trimmed, untouched = [released_paper(district=district) for _ in range(5)]
    since = timezone.now()
    renamed.title = "Neuer Betreff"
    renamed.save()
    decision = voted.consultations.last()
    decision.outcome, decision.votes_yes, decision.votes_no = Consultation.Outcome.UNCHANGED, 30, 2
    decision.save()
    withdrawn.is_public, withdrawn.non_public_reason = False, "Zurückgezogen"
    withdrawn.save()
    removed = trimmed.attachments.get()
    removed_pk = removed.pk
    removed.delete()
    url = "/oparl/v1/body/rendsburg-eckernfoerde/{}/"
    params = {"modified_since": since.isoformat()}

    papers = _list(client, url.format("paper"), **params)
    changed = {obj["id"]: obj for obj in papers["data"]}
    assert set(changed) == {f"{SYSTEM}paper/{paper.pk}/" for paper in (renamed, voted, withdrawn, trimmed)}
    assert changed[f"{SYSTEM}paper/{withdrawn.pk}/"] == {
        "id": f"{SYSTEM}paper/{withdrawn.pk}/",
        "type": "https://schema.oparl.org/1.1/Paper",
        "created": changed[f"{SYSTEM}paper/{withdrawn.pk}/"]["created"],
        "modified": changed[f"{SYSTEM}paper/{withdrawn.pk}/"]["modified"],
        "deleted": True,
    }
    assert changed[f"{SYSTEM}paper/{renamed.pk}/"]["name"] == "Neuer Betreff"
    assert changed[f"{SYSTEM}paper/{trimmed.pk}/"]["auxiliaryFile"] == []

    consultations = {obj["id"]: obj for obj in _list(client, url.format("consultation"), **params)["data"]}
    # A consultation goes with its paper: the renamed paper's, the voted one, and the withdrawn paper's (deleted).
    expected = {decision.pk} | {c.pk for paper in (renamed, withdrawn) for c in paper.consultations.all()}
    assert set(consultations) == {f"{SYSTEM}consultation/{pk}/" for pk in expected}
    assert consultations[f"{SYSTEM}consultation/{decision.pk}/"]["integrationsportal:votesYes"] == 30
    assert all(consultations[f"{SYSTEM}consultation/{c.pk}/"]["deleted"] for c in withdrawn.consultations.all())

    files = {obj["id"]: obj for obj in _list(client, url.format("file"), **params)["data"]}
    assert files[f"{SYSTEM}file/attachment-{removed_pk}/"]["deleted"] is True
    assert files[f"{SYSTEM}file/paper-{withdrawn.pk}/"]["deleted"] is True
    assert not any(f"/paper-{untouched.pk}/" in key or f"/paper-{voted.pk}/" in key for key in files)
    # Without modified_since, deleted objects are not listed; their own URL still answers.
    assert all(not obj.get("deleted") for obj in _list(client, url.format("paper"))["data"])
    response = client.get(f"/oparl/v1/paper/{withdrawn.pk}/")
    assert response.status_code == 200 and response.json()["deleted"] is True
    validate(response.json())
    # A paper made public again is listed again, no longer deleted.
    withdrawn.is_public = True
    withdrawn.save()
    assert "deleted" not in client.get(f"/oparl/v1/paper/{withdrawn.pk}/").json()


def test_lists_page_with_links_and_filter_by_creation_and_modification(db, client):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    papers = [released_paper(district=district, consultations=0, attachments=0) for _ in range(5)]
    old = papers[0]
    CouncilPaper.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=400), modified=timezone.now() - datetime.timedelta(days=400)
    )
    url = "/oparl/v1/body/rendsburg-eckernfoerde/paper/"
    first = _list(client, url, limit=2)
    assert first["pagination"] == {"totalElements": 5, "elementsPerPage": 2, "currentPage": 1, "totalPages": 3}
    assert set(first["links"]) == {"first", "self", "next", "last"}
    seen, page = [], first
    while True:
        seen += _ids(page)
        if "next" not in page["links"]:
            break
        page = client.get(page["links"]["next"]).json()
    assert "prev" in page["links"] and page["pagination"]["currentPage"] == 3
    assert seen == [f"{SYSTEM}paper/{paper.pk}/" for paper in papers]
    cutoff = (timezone.now() - datetime.timedelta(days=30)).isoformat()
    recent = _list(client, url, created_since=cutoff, limit=2)
    assert recent["pagination"]["totalElements"] == 4
    assert "created_since=" in recent["links"]["next"] and "limit=2" in recent["links"]["next"]
    assert _ids(_list(client, url, created_until=cutoff)) == [f"{SYSTEM}paper/{old.pk}/"]
    assert _ids(_list(client, url, modified_until=cutoff)) == [f"{SYSTEM}paper/{old.pk}/"]
    assert len(_ids(_list(client, url, modified_since=cutoff))) == 4
    refused = client.get(url, {"modified_since": "gestern"})
    assert refused.status_code == 400
    assert "Datum und Uhrzeit" in refused.json()["message"]


def test_etag_and_last_modified_answer_304_and_cors_allows_every_origin(db, client):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    paper = released_paper(district=district)
    url = f"/oparl/v1/paper/{paper.pk}/"
    response = client.get(url, HTTP_ORIGIN="https://politik-bei-uns.de")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    paper.title = "Geänderter Betreff"
    paper.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["name"] == "Geänderter Betreff"
    listed = client.get("/oparl/v1/body/rendsburg-eckernfoerde/paper/")
    again = client.get("/oparl/v1/body/rendsburg-eckernfoerde/paper/", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert again.status_code == 304
    preflight = client.options(url, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == "*" and "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("kind", ["paper", "consultation", "file", "organization"])
def test_a_list_page_takes_the_same_queries_for_2_and_40_papers(db, client, kind):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    url = f"/oparl/v1/body/rendsburg-eckernfoerde/{kind}/"
    counts = []
    for size in (2, 40):
        while CouncilPaper.objects.count() < size:
            released_paper(district=district, consultations=3, attachments=2)
        with count_queries() as queries:
            body = _list(client, url, limit=500)
        assert len(body["data"]) >= size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_contact_persons_are_published_only_where_the_district_chooses(db, client):
    district = DistrictFactory(slug="rendsburg-eckernfoerde")
    paper = released_paper(district=district, contact_person="Christian Ströh")
    url = "/oparl/v1/body/rendsburg-eckernfoerde/person/"
    assert _list(client, url)["data"] == []
    assert "originatorPerson" not in client.get(f"/oparl/v1/paper/{paper.pk}/").json()
    District.objects.filter(pk=district.pk).update(oparl_publish_persons=True)
    persons = _list(client, url)["data"]
    assert [person["name"] for person in persons] == ["Christian Ströh"]
    assert client.get(f"/oparl/v1/paper/{paper.pk}/").json()["originatorPerson"] == [persons[0]["id"]]
    person = client.get(persons[0]["id"]).json()
    validate(person)
    assert person["body"] == f"{SYSTEM}body/rendsburg-eckernfoerde/"


def test_contact_persons_withdrawn_by_the_district_stay_as_deleted(db, client):
    district = DistrictFactory(slug="rendsburg-eckernfoerde", oparl_publish_persons=True)
    released_paper(district=district, contact_person="Christian Ströh")
    url = "/oparl/v1/body/rendsburg-eckernfoerde/person/"
    person = _list(client, url)["data"][0]
    since = timezone.now().isoformat()
    district.oparl_publish_persons = False
    district.save()
    assert _list(client, url)["data"] == []
    withdrawn = _list(client, url, modified_since=since)["data"]
    assert [(obj["id"], obj["deleted"]) for obj in withdrawn] == [(person["id"], True)]
    grave = client.get(person["id"]).json()
    validate(grave)
    assert grave["deleted"] is True and grave["created"] == person["created"]
