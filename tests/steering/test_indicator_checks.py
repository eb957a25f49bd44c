"""Indicator checks: a dated status and actual value; the indicator and the measure's progress follow."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import IndicatorFactory
from .factories import IndicatorCheckFactory

pytestmark = pytest.mark.django_db


def test_member_records_a_check_and_the_measure_progress_follows(steering_client, small_plan):
    measure = small_plan["jobs"]
    indicator = measure.indicators.get()
    url = reverse("steering:indicator_check", args=[indicator.pk])
    page = steering_client.get(url).content.decode()
    assert "Beratungen pro Jahr" in page and "Einheit: Beratungen" in page and "In Beratungen." not in page
    response = steering_client.post(
        url, {"date": "2026-06-30", "status": "achieved", "actual": "132", "note": "Jahresstatistik"}, follow=True
    )
    content = response.content.decode()
    assert "Die Prüfung wurde erfasst." in content
    indicator.refresh_from_db()
    assert indicator.status == "achieved" and indicator.actual == Decimal("132")
    assert "1 von 1 Indikator erreicht" in content and "Ist 132 Beratungen" in content
    assert "30.06.2026" in content and "Jahresstatistik" in content
    # The overview and the list count it, too.
    overview = steering_client.get(reverse("steering:overview")).context["rows"]
    assert {row["field"].name: row["progress"] for row in overview}["Arbeit"] == 100


def test_an_older_check_does_not_overwrite_the_latest(steering_client, district, small_plan):
    indicator = small_plan["jobs"].indicators.get()
    IndicatorCheckFactory(district=district, indicator=indicator, date=datetime.date(2026, 6, 1), status="achieved")
    indicator.status = "achieved"
    indicator.save()
    steering_client.post(
        reverse("steering:indicator_check", args=[indicator.pk]), {"date": "2025-01-01", "status": "open"}
    )
    indicator.refresh_from_db()
    assert indicator.status == "achieved"
    assert indicator.checks.count() == 2


def test_indicator_without_unit_takes_no_value(steering_client, district, small_plan):
    indicator = IndicatorFactory(district=district, measure=small_plan["courses"], text="Sprachkursübersicht erstellt")
    url = reverse("steering:indicator_check", args=[indicator.pk])
    assert 'name="actual"' not in steering_client.get(url).content.decode()
    steering_client.post(url, {"date": "2026-01-01", "status": "in_progress", "actual": "5"})
    indicator.refresh_from_db()
    assert indicator.status == "in_progress" and indicator.actual is None


def test_committee_may_not_record_checks(committee_client, small_plan):
    indicator = small_plan["jobs"].indicators.get()
    url = reverse("steering:indicator_check", args=[indicator.pk])
    assert committee_client.get(url).status_code == 403
    assert committee_client.post(url, {"date": "2026-01-01", "status": "achieved"}).status_code == 403
    indicator.refresh_from_db()
    assert indicator.status == "open"


def test_check_on_an_indicator_changed_meanwhile_is_refused_with_what_changed(steering_client, kit_client, small_plan):
    indicator = small_plan["jobs"].indicators.get()
    url = reverse("steering:indicator_check", args=[indicator.pk])
    form = steering_client.get(url).context["form"]
    opened_token = form["version_token"].value()
    # Meanwhile the KIT records a new target value for the same indicator.
    indicator.target = Decimal("150")
    indicator.save()

    response = steering_client.post(
        url, {"date": "2026-06-30", "status": "achieved", "actual": "132", "version_token": opened_token}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "wurde während Ihrer Bearbeitung" in content and "Ihre Änderungen wurden nicht gespeichert" in content
    assert "150" in content
    indicator.refresh_from_db()
    assert indicator.status != "achieved"
    assert indicator.checks.count() == 0
    # With the current version the same check goes through.
    fresh_token = steering_client.get(url).context["form"]["version_token"].value()
    steering_client.post(
        url, {"date": "2026-06-30", "status": "achieved", "actual": "132", "version_token": fresh_token}
    )
    assert indicator.checks.count() == 1


def test_a_check_dated_in_the_future_is_refused(steering_client, small_plan):
    indicator = small_plan["jobs"].indicators.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = steering_client.post(
        reverse("steering:indicator_check", args=[indicator.pk]), {"date": tomorrow.isoformat(), "status": "achieved"}
    )
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    assert not indicator.checks.exists()
