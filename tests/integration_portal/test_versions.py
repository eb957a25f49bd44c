"""One version concept: the edit-conflict check and the spreadsheet's Version column read the same versions."""

import pytest
from django import forms
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan import spreadsheet
from actionplan.models import Actor
from integration_portal.concurrency import TOKEN_FIELD, ConcurrencyFormMixin, version_token

from ..admin_forms import measure_form_data
from ..factories import IndicatorFactory, MeasureFactory


class ActorForm(ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = Actor
        fields = ["name"]


@pytest.mark.django_db(transaction=True)
def test_the_version_check_refuses_to_run_outside_a_transaction(district):
    actor = Actor.objects.create(district=district, name="Jobcenter")
    form = ActorForm({"name": "Jobcenter Kreis", "version_token": version_token(actor)}, instance=actor)
    # Without a transaction the row lock would end at once and a save in between would go unnoticed.
    with pytest.raises(TransactionManagementError, match="ATOMIC_REQUESTS"):
        form.is_valid()
    with transaction.atomic():
        form = ActorForm({"name": "Jobcenter Kreis", "version_token": version_token(actor)}, instance=actor)
        assert form.is_valid()


@pytest.mark.django_db
def test_saving_an_indicator_changes_the_measures_version_in_the_spreadsheet(district):
    measure = MeasureFactory(district=district)
    indicator = IndicatorFactory(district=district, measure=measure)
    before = spreadsheet.version_of(measure)
    indicator.text = "Anzahl der Teilnehmenden"
    indicator.save()
    assert spreadsheet.version_of(measure) != before
    assert version_token(indicator) == indicator.modified.isoformat()


@pytest.fixture
def locks(monkeypatch):
    """The models whose rows were asked to be locked (`select_for_update`), in order."""
    models = []
    original = QuerySet.select_for_update

    def recording(queryset, *args, **kwargs):
        models.append(queryset.model)
        return original(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", recording)
    return models


@pytest.mark.django_db
def test_the_forms_clean_compares_the_version_without_taking_a_lock(district, locks):
    actor = Actor.objects.create(district=district, name="Jobcenter")
    opened = version_token(actor)
    theirs = Actor.objects.get(pk=actor.pk)
    theirs.name = "Jobcenter Nord"  # saved by somebody else meanwhile
    theirs.save()
    form = ActorForm({"name": "Jobcenter Kreis", "version_token": opened}, instance=actor)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert not form.is_valid()
    assert "Jobcenter Nord" in str(form.non_field_errors())  # still refused, with what the other saved
    assert locks == []
    assert not [query for query in queries if "FOR UPDATE" in query["sql"]]


@pytest.mark.django_db
def test_the_admin_locks_the_object_where_it_loads_it_for_a_save(kit_client, district, locks):
    measure = MeasureFactory(district=district)
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    kit_client.get(url)
    assert locks == []  # opening the form locks nothing
    data = measure_form_data(measure, text="Neu", **{TOKEN_FIELD: version_token(measure)})
    response = kit_client.post(url, data)
    assert response.status_code == 302
    assert locks[0] is type(measure)  # the measure, then its inline rows, before any form is cleaned


@pytest.mark.django_db
def test_the_indicator_check_locks_the_indicator_where_the_view_loads_it(district, steering_user, client, locks):
    indicator = IndicatorFactory(district=district)
    client.force_login(steering_user)
    url = reverse("steering:indicator_check", args=[indicator.pk])
    client.get(url)
    assert locks == []
    data = {"date": "2026-03-01", "status": "achieved", TOKEN_FIELD: version_token(indicator)}
    response = client.post(url, data)
    assert response.status_code == 302
    assert locks == [type(indicator)]
