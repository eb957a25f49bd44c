"""Factories for council papers; `paper_one_of_each` adds one of every paper model to `one_of_each`."""

import datetime

import factory
from django.utils import timezone

from papers import models, services

from ..factories import DistrictFactory, numbered


class ReferenceSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReferenceScheme
        django_get_or_create = ["district"]

    district = factory.SubFactory(DistrictFactory)
    pattern = "VO/{year}/{seq}"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Committee

    district = factory.SubFactory(DistrictFactory)
    name = numbered("Ausschuss")
    short_name = factory.Sequence(lambda n: f"A{n}")


def make_paper(*, district, user=None, consultations=0, **fields):
    """A paper numbered through the real service, as the admin creates it."""
    ReferenceSchemeFactory(district=district)
    defaults = {
        "title": "Zuwanderung: Aktionsplan",
        "date": datetime.date(2025, 8, 28),
        "lead_unit": "FD 2.3 Zuwanderung",
        "contact_person": "Christian Ströh",
        "editor": "Dennis Staack",
        "proposed_resolution": "Der Kreistag beschließt die Umsetzung des Aktionsplans.",
        "statement_of_facts": "Unter Federführung der Koordinierungsstelle …",
    }
    defaults.update(fields)
    paper = services.paper_create(paper=models.CouncilPaper(district=district, **defaults), user=user)
    for i in range(consultations):
        models.Consultation.objects.create(
            district=district,
            paper=paper,
            order=i,
            date=datetime.date(2025, 9, 23 + i),
            committee=CommitteeFactory(district=district),
            role=models.Consultation.Role.DECISION if i else models.Consultation.Role.DELIBERATION,
        )
    return paper


def make_meeting(*, district, committee, start=None, **fields):
    """A meeting of `committee` at the Kreishaus, 23.09.2025 17:00 local time unless `start` is given."""
    location = models.Location.objects.create(
        district=district,
        description="Kreishaus, Sitzungssaal",
        street_address="Kaiserstraße 8",
        postal_code="24768",
        locality="Rendsburg",
    )
    start = start or timezone.make_aware(datetime.datetime(2025, 9, 23, 17, 0))
    return models.Meeting.objects.create(
        district=district, committee=committee, start=start, location=location, **fields
    )


def paper_one_of_each(district):
    paper = make_paper(district=district, consultations=1)
    attachment = models.Attachment.objects.create(district=district, paper=paper, title="Entwurfsfassung", order=1)
    consultation = paper.consultations.get()
    meeting = make_meeting(district=district, committee=consultation.committee)
    item = models.AgendaItem.objects.create(
        district=district, meeting=meeting, number="Ö 5", order=5, title=paper.title
    )
    consultation.agenda_item = item
    consultation.save()
    objects = [
        models.ReferenceScheme.objects.get(district=district),
        models.ReferenceCounter.objects.get(district=district),
        consultation.committee,
        paper,
        consultation,
        attachment,
        models.StatusChange.objects.get(paper=paper),
        meeting.location,
        meeting,
        item,
    ]
    return {type(obj): obj for obj in objects}
