"""One version concept: the edit-conflict check and the spreadsheet's Version column read the same versions."""

import pytest
from django import forms
from django.db import transaction
from django.db.transaction import TransactionManagementError

from actionplan import spreadsheet
from actionplan.models import Actor
from integration_portal.concurrency import ConcurrencyFormMixin, version_token

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
