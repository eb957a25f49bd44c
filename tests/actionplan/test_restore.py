"""A measure's version is the measure with its indicators and responsibilities, in their order."""

import pytest
from django.urls import reverse

from actionplan.models import Indicator, Responsibility

from ..admin_forms import measure_form_data
from ..factories import IndicatorFactory, MeasureFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_measure(district):
    """A measure saved twice; after its second version an indicator was removed, one added, one moved
    and the responsibility's role changed."""
    measure = MeasureFactory(district=district, text="Erste Fassung")
    first = IndicatorFactory(district=district, measure=measure, text="Anzahl Kurse", order=1)
    second = IndicatorFactory(district=district, measure=measure, text="Anzahl Teilnehmende", order=2)
    responsibility = ResponsibilityFactory(district=district, measure=measure)
    version = measure.history.latest()
    measure.text = "Zweite Fassung"
    measure.save()
    first.delete()
    second.order = 1
    second.save()
    IndicatorFactory(district=district, measure=measure, text="Neu hinzugekommen", order=2)
    responsibility.role = Responsibility.Role.SUPPORTING
    responsibility.save()
    return measure, version


def restore_url(measure, version):
    return reverse("admin:actionplan_measure_simple_history", args=[measure.pk, version.history_id])


def test_the_restore_page_shows_the_versions_indicators_and_responsibilities(kit_client, changed_measure):
    measure, version = changed_measure
    page = kit_client.get(restore_url(measure, version)).content.decode()
    assert page.index("Anzahl Kurse") < page.index("Anzahl Teilnehmende")
    assert "Neu hinzugekommen" not in page
    assert "(verantwortlich)" in page


def test_a_restore_brings_back_the_rows_and_their_order(kit_client, changed_measure):
    measure, version = changed_measure
    form = kit_client.get(restore_url(measure, version)).context["adminform"].form
    data = measure_form_data(measure, text="Erste Fassung", version_token=form["version_token"].value())

    assert kit_client.post(restore_url(measure, version), data).status_code == 302

    measure.refresh_from_db()
    assert measure.text == "Erste Fassung"
    rows = Indicator.objects.filter(measure=measure).order_by("order")
    assert [(row.text, row.order) for row in rows] == [("Anzahl Kurse", 1), ("Anzahl Teilnehmende", 2)]
    assert [r.role for r in measure.responsibilities.all()] == [Responsibility.Role.LEAD]


def test_a_stale_restore_is_refused_and_changes_no_row(kit_client, changed_measure):
    measure, version = changed_measure
    form = kit_client.get(restore_url(measure, version)).context["adminform"].form
    token = form["version_token"].value()
    measure.text = "Von jemand anderem gespeichert"
    measure.save()

    response = kit_client.post(restore_url(measure, version), measure_form_data(measure, version_token=token))

    assert response.status_code == 200
    assert "wurde während Ihrer Bearbeitung von" in response.content.decode()
    assert list(Indicator.objects.filter(measure=measure).order_by("order").values_list("text", flat=True)) == [
        "Anzahl Teilnehmende",
        "Neu hinzugekommen",
    ]


def test_the_history_says_what_a_restore_did_and_lists_the_rows_changes(kit_client, changed_measure):
    measure, version = changed_measure
    form = kit_client.get(restore_url(measure, version)).context["adminform"].form
    data = measure_form_data(measure, text="Erste Fassung", version_token=form["version_token"].value())
    kit_client.post(restore_url(measure, version), data)

    page = kit_client.get(reverse("admin:actionplan_measure_history", args=[measure.pk])).content.decode()
    assert "Wiederhergestellt (Fassung vom " in page
    assert "Indikator „Neu hinzugekommen“ gelöscht" in page
    assert "Reihenfolge:" in page
    assert "Rolle:" in page


def test_history_pages_speak_german_and_link_no_forbidden_user_page(kit_client, kit_user, changed_measure):
    measure, version = changed_measure
    history = kit_client.get(reverse("admin:actionplan_measure_history", args=[measure.pk])).content.decode()
    restore = kit_client.get(restore_url(measure, version)).content.decode()
    for page in (history, restore):
        assert "Integrationskonzept und Aktionsplan" in page and "Maßnahmen" in page
        assert "Historical" not in page and "Actionplan" not in page
    assert reverse("admin:integration_portal_user_change", args=[kit_user.pk]) not in history
    assert "Fassung vom" in restore
