"""KIT staff set where a scheme's sequence continues and enter papers of an earlier system with their reference."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from papers import services
from papers.models import CouncilPaper, ReferenceCounter

from .factories import ReferenceSchemeFactory, make_paper
from .test_admin import ADD_URL, paper_form

COUNTER_ADD = reverse("admin:papers_referencecounter_add")


@pytest.fixture
def scheme(district):
    return ReferenceSchemeFactory(district=district, pattern="{year}/FB3/{seq:04}")


@pytest.mark.django_db
def test_the_counter_has_an_admin_page_where_the_sequence_continues(kit_client, district, scheme):
    assert kit_client.get(reverse("admin:papers_referencecounter_changelist")).status_code == 200
    response = kit_client.post(COUNTER_ADD, {"scheme": scheme.pk, "year": "2017", "last_number": "433"})
    assert response.status_code == 302, response.content.decode()[:2000]
    paper = make_paper(district=district, date=datetime.date(2017, 11, 2))
    assert paper.reference == "2017/FB3/0434"


@pytest.mark.django_db
def test_the_counter_never_goes_below_a_number_already_used(kit_client, district, scheme):
    for _ in range(3):
        make_paper(district=district)
    counter = ReferenceCounter.objects.get(scheme=scheme, year=2025)
    response = kit_client.post(reverse("admin:papers_referencecounter_change", args=[counter.pk]), {"last_number": "2"})
    assert response.status_code == 200
    assert "Die Nummer 3 des Jahres 2025 ist bereits vergeben" in response.content.decode()
    counter.refresh_from_db()
    assert counter.last_number == 3
    assert kit_client.get(reverse("admin:papers_referencecounter_delete", args=[counter.pk])).status_code == 403


@pytest.mark.django_db
def test_kit_enters_a_paper_of_an_earlier_system_with_its_reference(kit_client, district, scheme):
    data = paper_form(existing_reference="2017/FB3/0433", date="02.11.2017")
    response = kit_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CouncilPaper.objects.get().reference == "2017/FB3/0433"
    # The sequence goes on after it, so the number is never handed out twice.
    assert make_paper(district=district, date=datetime.date(2017, 12, 1)).reference == "2017/FB3/0434"


@pytest.mark.django_db
def test_a_reference_already_used_is_refused_in_german(kit_client, district, scheme):
    existing = make_paper(district=district)
    response = kit_client.post(ADD_URL, paper_form(existing_reference=existing.reference))
    assert response.status_code == 200
    assert f"Die Vorlagennummer „{existing.reference}“ ist in diesem Kreis bereits vergeben." in (
        response.content.decode()
    )
    assert CouncilPaper.objects.count() == 1


@pytest.mark.django_db
def test_a_counter_below_a_paper_entered_with_its_reference_is_refused(district, scheme):
    CouncilPaper.objects.create(
        district=district, reference="2017/FB3/0433", title="Alt", date=datetime.date(2017, 5, 1), lead_unit="FB 3"
    )
    with pytest.raises(ValidationError):
        services.reference_counter_set(scheme=scheme, year=2017, last_number=400)
    assert services.reference_counter_set(scheme=scheme, year=2017, last_number=433).last_number == 433
