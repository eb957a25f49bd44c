"""Two people edit the same object: the second save is refused and says what the first one changed."""

import pytest
from django import forms
from django.urls import reverse

from actionplan.models import Challenge, Indicator, Measure
from integration_portal.concurrency import TOKEN_FIELD, ConcurrencyFormMixin

from ..admin_forms import measure_form_data
from ..factories import ChallengeFactory, IndicatorFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:actionplan_{obj._meta.model_name}_change", args=[obj.pk])


def opened_form(client, obj):
    """The token and inline tokens of the change form as the browser received it."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    form = response.context["adminform"].form
    tokens = {TOKEN_FIELD: form[TOKEN_FIELD].value()}
    for formset in response.context["inline_admin_formsets"]:
        for index, inline_form in enumerate(formset.formset.forms):
            tokens[f"{formset.formset.prefix}-{index}-{TOKEN_FIELD}"] = inline_form[TOKEN_FIELD].value()
    return tokens


def test_second_admin_save_of_a_measure_is_refused_with_what_changed(kit_client, second_kit_client, district):
    measure = MeasureFactory(district=district, text="Sprachkursübersicht erstellen")
    mine = opened_form(kit_client, measure)
    theirs = opened_form(second_kit_client, measure)

    first = second_kit_client.post(change_url(measure), measure_form_data(measure, status="in_progress", **theirs))
    assert first.status_code == 302
    second = kit_client.post(
        change_url(measure), measure_form_data(measure, text="Sprachkursübersicht veröffentlichen", **mine)
    )

    assert second.status_code == 200
    page = second.content.decode()
    assert "wurde während Ihrer Bearbeitung von kit-zwei geändert" in page
    assert "Status: jetzt gespeichert „in Umsetzung“, Ihre Eingabe „geplant“" in page
    measure.refresh_from_db()
    assert measure.text == "Sprachkursübersicht erstellen"  # nothing overwritten
    assert measure.status == Measure.Status.IN_PROGRESS


def test_after_reloading_the_save_goes_through(kit_client, second_kit_client, district):
    measure = MeasureFactory(district=district)
    theirs = opened_form(second_kit_client, measure)
    second_kit_client.post(change_url(measure), measure_form_data(measure, status="in_progress", **theirs))
    measure.refresh_from_db()

    mine = opened_form(kit_client, measure)
    response = kit_client.post(change_url(measure), measure_form_data(measure, text="Neu", **mine))

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.text, measure.status) == ("Neu", Measure.Status.IN_PROGRESS)


def indicator_rows(indicator, text, token):
    data = {
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "1",
        "indicators-0-id": indicator.pk,
        "indicators-0-measure": indicator.measure_id,
        "indicators-0-order": indicator.order,
        "indicators-0-text": text,
        "indicators-0-status": indicator.status,
        f"indicators-0-{TOTAL_TOKEN}": token,
    }
    return data


TOTAL_TOKEN = TOKEN_FIELD


def test_conflict_on_an_indicator_row_of_the_measure_form(kit_client, second_kit_client, district):
    indicator = IndicatorFactory(district=district, text="12 Treffen im Jahr")
    measure = indicator.measure
    mine = opened_form(kit_client, measure)
    theirs = opened_form(second_kit_client, measure)

    data = measure_form_data(measure, **{TOKEN_FIELD: theirs[TOKEN_FIELD]})
    data.update(indicator_rows(indicator, "10 Treffen im Jahr", theirs[f"indicators-0-{TOKEN_FIELD}"]))
    assert second_kit_client.post(change_url(measure), data).status_code == 302

    data = measure_form_data(measure, **{TOKEN_FIELD: mine[TOKEN_FIELD]})
    data.update(indicator_rows(indicator, "14 Treffen im Jahr", mine[f"indicators-0-{TOKEN_FIELD}"]))
    response = kit_client.post(change_url(measure), data)

    assert response.status_code == 200
    assert "Indikator: jetzt gespeichert „10 Treffen im Jahr“, Ihre Eingabe „14 Treffen im Jahr“" in (
        response.content.decode()
    )
    indicator.refresh_from_db()
    assert indicator.text == "10 Treffen im Jahr"


def test_unchanged_rows_opened_before_another_save_do_not_block(kit_client, second_kit_client, district):
    """Somebody changed an indicator; saving the measure without touching that row overwrites nothing."""
    indicator = IndicatorFactory(district=district)
    measure = indicator.measure
    mine = opened_form(kit_client, measure)
    indicator.text = "Von jemand anderem geändert"
    indicator.save()

    response = kit_client.post(change_url(measure), measure_form_data(measure, text="Neuer Text", **mine))

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.text == "Von jemand anderem geändert"


def test_challenge_admin_refuses_the_second_save(kit_client, second_kit_client, district):
    challenge = ChallengeFactory(district=district, text="Kurse sind unbekannt")
    mine = opened_form(kit_client, challenge)
    theirs = opened_form(second_kit_client, challenge)
    base = {"field": challenge.field_id, "measures-TOTAL_FORMS": "0", "measures-INITIAL_FORMS": "0"}
    assert (
        second_kit_client.post(change_url(challenge), {**base, "text": "Kurse unbekannt", **theirs}).status_code == 302
    )

    response = kit_client.post(change_url(challenge), {**base, "text": "Kurse sind wenig bekannt", **mine})

    assert response.status_code == 200
    assert "jetzt gespeichert „Kurse unbekannt“, Ihre Eingabe „Kurse sind wenig bekannt“" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.text == "Kurse unbekannt"


class IndicatorCheckForm(ConcurrencyFormMixin, forms.ModelForm):
    """A plain browser form, like the steering group's indicator check."""

    class Meta:
        model = Indicator
        fields = ["status", "actual"]


class TestPlainModelForm:
    def test_stale_form_is_invalid_and_names_the_field(self, district):
        indicator = IndicatorFactory(district=district)
        opened = IndicatorCheckForm(instance=indicator)
        token = opened[TOKEN_FIELD].value()
        assert token

        indicator.status = Indicator.Status.ACHIEVED
        indicator.save()  # saved by somebody else

        form = IndicatorCheckForm(
            {"status": Indicator.Status.NOT_ACHIEVED, "actual": "", TOKEN_FIELD: token},
            instance=Indicator.objects.get(pk=indicator.pk),
        )
        assert not form.is_valid()
        text = " ".join(form.non_field_errors())
        assert "Status: jetzt gespeichert „erreicht“, Ihre Eingabe „nicht erreicht“" in text

    def test_current_form_saves(self, district):
        indicator = IndicatorFactory(district=district)
        token = IndicatorCheckForm(instance=indicator)[TOKEN_FIELD].value()
        form = IndicatorCheckForm(
            {"status": Indicator.Status.ACHIEVED, "actual": "", TOKEN_FIELD: token}, instance=indicator
        )
        assert form.is_valid(), form.errors
        form.save()
        assert Indicator.objects.get(pk=indicator.pk).status == Indicator.Status.ACHIEVED

    def test_deleted_meanwhile(self, district):
        indicator = IndicatorFactory(district=district)
        token = IndicatorCheckForm(instance=indicator)[TOKEN_FIELD].value()
        stale = Indicator.objects.get(pk=indicator.pk)
        indicator.delete()
        form = IndicatorCheckForm({"status": Indicator.Status.ACHIEVED, TOKEN_FIELD: token}, instance=stale)
        assert not form.is_valid()
        assert "inzwischen von jemand anderem gelöscht" in " ".join(form.non_field_errors())


def test_a_challenge_form_without_history_lists_the_fields_entered(district):
    """Without a matching history record the message still names the fields and both values."""
    challenge = ChallengeFactory(district=district, text="Alt")

    class ChallengeForm(ConcurrencyFormMixin, forms.ModelForm):
        class Meta:
            model = Challenge
            fields = ["text"]

    token = "2000-01-01T00:00:00+00:00"
    form = ChallengeForm({"text": "Meins", TOKEN_FIELD: token}, instance=challenge)
    assert not form.is_valid()
    assert "jetzt gespeichert „Alt“, Ihre Eingabe „Meins“" in " ".join(form.non_field_errors())
