"""The admin's measure form reads what it shows once, and a save validates only the rows that were changed."""

import pytest
from django.urls import reverse

from actionplan.models import Responsibility

from ..admin_forms import change_form_data
from ..factories import ActorFactory, IndicatorFactory, MeasureFactory, ResponsibilityFactory
from ..queries import count_queries


def _measure(district, rows):
    measure = MeasureFactory(district=district, challenge__district=district)
    for n in range(rows):
        ResponsibilityFactory(district=district, measure=measure, actor__district=district, note=f"Zeile {n}")
        IndicatorFactory(district=district, measure=measure, text=f"Indikator {n}")
    return measure


def _change_url(measure):
    return reverse("admin:actionplan_measure_change", args=[measure.pk])


def _reads_of(table, statements):
    return [sql for sql in statements if f'FROM "{table}"' in sql.split("WHERE")[0]]


@pytest.mark.django_db
def test_the_measure_form_reads_the_measure_once_with_its_plan(kit_client, kit_user):
    measure = _measure(kit_user.district, 2)
    with count_queries() as statements:
        response = kit_client.get(_change_url(measure))
    assert response.status_code == 200
    # Asked whether its plan is frozen, then shown: one read of the measure, its challenge, field and plan joined.
    measure_reads = _reads_of("actionplan_measure", statements)
    assert len(measure_reads) == 1 and '"actionplan_actionplan"' in measure_reads[0]
    assert _reads_of("actionplan_actionplan", statements) == []


@pytest.mark.django_db
def test_the_measure_form_reads_no_more_for_more_rows_and_shows_each_rows_actor(kit_client, kit_user):
    few, many = _measure(kit_user.district, 1), _measure(kit_user.district, 8)
    with count_queries() as with_few:
        kit_client.get(_change_url(few))
    with count_queries() as with_many:
        response = kit_client.get(_change_url(many))
    assert len(with_many) == len(with_few)
    # Each row's autocomplete box still shows the actor stored in it, selected.
    html = response.content.decode()
    for responsibility in many.responsibilities.select_related("actor"):
        actor = responsibility.actor
        assert f'<option value="{actor.pk}" selected>{actor.name}</option>' in html


def _save_with_text(client, measure, text):
    data = change_form_data(client.get(_change_url(measure)))
    data["text"] = [text]
    with count_queries() as statements:
        response = client.post(_change_url(measure), data)
    return response, statements


@pytest.mark.django_db
def test_a_save_reads_no_more_for_more_unchanged_rows_and_keeps_them(kit_client, kit_user):
    few, many = _measure(kit_user.district, 1), _measure(kit_user.district, 8)
    response, with_few = _save_with_text(kit_client, few, "Sprachkurse bündeln")
    assert response.status_code == 302
    response, with_many = _save_with_text(kit_client, many, "Sprachkurse bündeln")
    assert response.status_code == 302

    assert len(with_many) == len(with_few)
    many.refresh_from_db()
    assert many.text == "Sprachkurse bündeln"
    notes = sorted(many.responsibilities.values_list("note", flat=True))
    assert notes == [f"Zeile {n}" for n in range(8)]
    assert many.indicators.count() == 8


@pytest.mark.django_db
def test_a_changed_row_is_still_validated_and_nothing_is_saved(kit_client, kit_user, other_district):
    measure = _measure(kit_user.district, 3)
    data = change_form_data(kit_client.get(_change_url(measure)))
    data["text"] = ["Neu"]
    # The second row now names another district's actor: refused at that row, the whole save with it.
    data["responsibilities-1-actor"] = [str(ActorFactory(district=other_district).pk)]
    response = kit_client.post(_change_url(measure), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert errors[1] and not errors[0] and not errors[2]
    measure.refresh_from_db()
    assert measure.text != "Neu"
    assert not Responsibility.objects.filter(actor__district=other_district).exists()


@pytest.mark.django_db
def test_a_row_ticked_for_deletion_is_deleted_and_the_others_stay(kit_client, kit_user):
    measure = _measure(kit_user.district, 3)
    data = change_form_data(kit_client.get(_change_url(measure)))
    data["responsibilities-0-DELETE"] = ["on"]
    doomed = int(data["responsibilities-0-id"][0])
    assert kit_client.post(_change_url(measure), data).status_code == 302

    assert not Responsibility.objects.filter(pk=doomed).exists()
    assert measure.responsibilities.count() == 2
