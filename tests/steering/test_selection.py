"""The annual selection: measures prioritised for a year, with decision note and date; earlier years stay."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from steering.models import AnnualSelection

from .factories import AnnualSelectionFactory

pytestmark = pytest.mark.django_db


def test_member_selects_a_measure_for_a_year(steering_client, steering_user, small_plan):
    measure = small_plan["jobs"]
    response = steering_client.post(
        reverse("steering:selection_create", args=[measure.pk]),
        {"year": 2026, "decision_date": "2025-11-20", "note": "Hohe Nachfrage der Betriebe"},
        follow=True,
    )
    content = response.content.decode()
    assert "Die Maßnahme ist für 2026 ausgewählt." in content
    assert "Ausgewählt für 2026" in content and "beschlossen am 20.11.2025" in content
    assert "Hohe Nachfrage der Betriebe" in content
    selection = AnnualSelection.objects.get()
    assert (selection.year, selection.decided_by, selection.district) == (2026, steering_user, measure.district)
    listed = steering_client.get(reverse("steering:measure_list"), {"year": 2026}).context["measures"]
    assert [m.pk for m in listed] == [measure.pk]


def test_the_same_year_twice_is_refused_in_german(steering_client, district, small_plan):
    measure = small_plan["jobs"]
    AnnualSelectionFactory(district=district, measure=measure, year=2026)
    response = steering_client.post(
        reverse("steering:selection_create", args=[measure.pk]), {"year": 2026, "decision_date": "2026-01-10"}
    )
    assert response.status_code == 400
    assert "Diese Maßnahme ist für 2026 bereits ausgewählt." in response.content.decode()
    assert AnnualSelection.objects.count() == 1


def test_invalid_year_names_the_field(steering_client, small_plan):
    response = steering_client.post(
        reverse("steering:selection_create", args=[small_plan["jobs"].pk]), {"year": "", "decision_date": "x"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in content and "Bitte ein gültiges Datum eingeben." in content


def test_earlier_years_stay_readable_and_a_selection_can_be_withdrawn(steering_client, district, small_plan):
    measure = small_plan["jobs"]
    AnnualSelectionFactory(district=district, measure=measure, year=2024, note="Damals gewählt")
    current = AnnualSelectionFactory(district=district, measure=measure, year=2026)
    content = steering_client.get(reverse("steering:measure_detail", args=[measure.pk])).content.decode()
    assert "Ausgewählt für 2024" in content and "Damals gewählt" in content and "Ausgewählt für 2026" in content
    listed = steering_client.get(reverse("steering:measure_list"), {"year": 2024}).context["measures"]
    assert [m.pk for m in listed] == [measure.pk]
    steering_client.post(reverse("steering:selection_delete", args=[current.pk]))
    assert list(AnnualSelection.objects.values_list("year", flat=True)) == [2024]


def test_committee_may_not_withdraw(committee_client, district, small_plan):
    selection = AnnualSelectionFactory(district=district, measure=small_plan["jobs"])
    assert committee_client.post(reverse("steering:selection_delete", args=[selection.pk])).status_code == 403
    assert AnnualSelection.objects.exists()


def test_a_decision_date_in_the_future_is_refused(steering_client, small_plan):
    """A selection dated later would stay out of every report until that day."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = steering_client.post(
        reverse("steering:selection_create", args=[small_plan["jobs"].pk]),
        {"year": tomorrow.year, "decision_date": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    assert not AnnualSelection.objects.exists()
