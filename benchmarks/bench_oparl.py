"""The OParl interface walked as a client would: 1,000 released public papers with 3 consultations each.

Starts at the System, follows only the links it is given (list pages along `links.next`), and prints
objects per second for the lists and for fetching each paper by its own URL. Prints, never fails.
"""

import datetime
import time

import pytest
from django.db import connection
from django.test import Client

from papers.models import Committee, Consultation, CouncilPaper
from tests.factories import DistrictFactory

PAPERS = 1000
SYSTEM = "/oparl/v1/"


def build(district):
    committees = Committee.objects.bulk_create(
        Committee(district=district, name=name, order=order)
        for order, name in enumerate(("Sozialausschuss", "Kreisausschuss", "Kreistag"))
    )
    papers = CouncilPaper.objects.bulk_create(
        CouncilPaper(
            district=district,
            reference=f"VO/2025/{number}",
            title=f"Vorlage {number}: Maßnahmen zur Integration",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 300),
            status=CouncilPaper.Status.RELEASED,
            lead_unit="FD 2.3 Zuwanderung",
            contact_person="Christian Ströh",
            proposed_resolution="Der Kreistag beschließt.",
        )
        for number in range(1, PAPERS + 1)
    )
    Consultation.objects.bulk_create(
        Consultation(
            district=district,
            paper=paper,
            order=order,
            date=paper.date + datetime.timedelta(days=7 * order),
            committee=committee,
            role=Consultation.Role.DECISION if order == 2 else Consultation.Role.PRELIMINARY,
        )
        for paper in papers
        for order, committee in enumerate(committees)
    )


def local(url):
    return url.removeprefix("http://testserver")


def walk_lists(client, body):
    """Every object of every list of the body, page by page; embedded objects count too."""
    objects = 0
    for name in ("organization", "paper", "consultation", "file", "meeting", "agendaItem", "locationList"):
        page = local(body[name])
        while page:
            data = client.get(page).json()
            objects += len(data["data"]) + sum(
                len(obj.get("consultation", [])) + 1 + len(obj.get("auxiliaryFile", []))
                for obj in data["data"]
                if name == "paper"
            )
            page = local(data["links"].get("next", ""))
    return objects


@pytest.mark.django_db
def test_walk_the_oparl_interface():
    district = DistrictFactory(slug="bench-oparl")
    build(district)
    client = Client()
    started = time.perf_counter()
    system = client.get(SYSTEM).json()
    bodies = client.get(local(system["body"])).json()["data"]
    body = next(item for item in bodies if item["id"].endswith("/bench-oparl/"))
    objects = walk_lists(client, body)
    lists = time.perf_counter() - started
    papers = client.get(local(body["paper"]), {"limit": 500}).json()
    ids = [obj["id"] for obj in papers["data"]]
    while "next" in papers["links"]:
        papers = client.get(local(papers["links"]["next"])).json()
        ids += [obj["id"] for obj in papers["data"]]
    started = time.perf_counter()
    for url in ids:
        client.get(local(url))
    single = time.perf_counter() - started
    print(
        f"\nOParl walk, {PAPERS} papers with 3 consultations each, {connection.vendor}: "
        f"lists {objects} objects in {lists:.2f} s = {objects / lists:.0f} objects/s; "
        f"{len(ids)} papers by their own URL (each with 3 consultations and its file embedded) in {single:.2f} s "
        f"= {len(ids) / single:.0f} papers/s, {len(ids) * 5 / single:.0f} objects/s"
    )
