"""Every admin page KIT staff and platform admins use opens, searches and saves."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionPlan, FieldOfAction, Indicator, Measure, Responsibility
from integration_portal import roles
from integration_portal.jobs.models import Job
from integration_portal.models import District, User
from papers.models import Consultation

from ..admin_forms import measure_form_data
from ..factories import (
    ActorFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    MeasureFactory,
    ResponsibilityFactory,
    one_of_each,
)

ALL_ADMINS = [pytest.param(model, id=model.__name__) for model in admin.site._registry]


@pytest.fixture
def objects(client, superuser):
    client.force_login(superuser)
    objects = one_of_each(superuser.district)
    objects[District] = superuser.district
    objects[User] = superuser
    objects[Group] = Group.objects.get(name=roles.KIT_STAFF)
    return objects


def url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ALL_ADMINS)
class TestAdminSmoke:
    def test_change_list(self, client, superuser, objects, model):
        response = client.get(url(model, "changelist"))
        assert response.status_code == 200
        assert objects[model] in response.context["cl"].result_list

    def test_search(self, client, superuser, objects, model):
        response = client.get(url(model, "changelist"), {"q": "zz-no-such-text"})
        assert response.status_code == 200
        if admin.site._registry[model].search_fields:
            assert list(response.context["cl"].result_list) == []

    def test_add(self, client, superuser, objects, model):
        # Beratungsfolge rows are added in their paper; their own page only takes the agenda item and result.
        # Background jobs are started by the portal, never added by hand.
        expected = 403 if model in (Consultation, Job) else 200
        assert client.get(url(model, "add")).status_code == expected

    def test_change(self, client, superuser, objects, model):
        response = client.get(url(model, "change", objects[model].pk))
        assert response.status_code == 200
        assert response.context["original"] == objects[model]


@pytest.mark.django_db
def test_admin_is_german(kit_client):
    response = kit_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "Maßnahmen" in content
    assert "Handlungsfelder" in content
    assert "Abmelden" in content


@pytest.mark.django_db
def test_measure_search_finds_indicator_text(kit_client, kit_user):
    objects = one_of_each(kit_user.district)
    measure = objects[Measure]
    Indicator.objects.filter(measure=measure).update(text="Sprachkursübersicht erstellt")
    response = kit_client.get(url(Measure, "changelist"), {"q": "Sprachkursübersicht"})
    assert list(response.context["cl"].result_list) == [measure]


@pytest.mark.django_db
def test_actor_and_role_filters_match_the_same_responsibility(kit_client, kit_user):
    objects = one_of_each(kit_user.district)
    measure, provider = objects[Measure], objects[Responsibility].actor
    kit = ActorFactory(
        district=kit_user.district, name="Koordinierungsstelle Integration und Teilhabe", short_name="KIT"
    )
    ResponsibilityFactory(district=kit_user.district, measure=measure, actor=kit, role=Responsibility.Role.SUPPORTING)

    def filtered(**params):
        return list(kit_client.get(url(Measure, "changelist"), params).context["cl"].result_list)

    assert filtered(actor=provider.pk, role="lead") == [measure]
    assert filtered(actor=kit.pk, role="supporting") == [measure]
    # The provider leads and KIT supports: nobody supports as the provider.
    assert filtered(actor=provider.pk, role="supporting") == []
    assert filtered(role="funding") == []


@pytest.mark.django_db
def test_field_filter_includes_sub_fields(kit_client, kit_user):
    parent = FieldOfActionFactory(district=kit_user.district, name="Kinder und Jugendliche")
    child = FieldOfActionFactory(district=kit_user.district, plan=parent.plan, parent=parent, name="Bildung")
    measure = MeasureFactory(district=kit_user.district, challenge__field=child)
    response = kit_client.get(url(Measure, "changelist"), {"field": parent.pk})
    assert list(response.context["cl"].result_list) == [measure]


@pytest.mark.django_db
def test_kit_edits_measure_with_indicators_and_responsibilities_inline(kit_client, kit_user):
    objects = one_of_each(kit_user.district)
    measure = objects[Measure]
    indicator = objects[Indicator]
    responsibility = objects[Responsibility]
    data = {
        "challenge": measure.challenge.pk,
        "text": "Schaffung von Transparenz der Sprachkurs-Landschaft",
        "sub_points": "",
        "status": "in_progress",
        "target_group": "",
        "start": "01.01.2026",
        "end": "31.12.2026",
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "1",
        "indicators-0-id": indicator.pk,
        "indicators-0-measure": measure.pk,
        "indicators-0-order": "2",
        "indicators-0-text": "Weitergabe der Informationen",
        "indicators-0-status": "open",
        "indicators-1-measure": measure.pk,
        "indicators-1-order": "1",
        "indicators-1-group_heading": "Förderung vor der Ausbildung:",
        "indicators-1-text": "regelhafte Sprachkursabfrage",
        "indicators-1-status": "open",
        "responsibilities-TOTAL_FORMS": "2",
        "responsibilities-INITIAL_FORMS": "1",
        "responsibilities-0-id": responsibility.pk,
        "responsibilities-0-measure": measure.pk,
        "responsibilities-0-actor": responsibility.actor.pk,
        "responsibilities-0-role": "lead",
        "responsibilities-0-order": "1",
        "responsibilities-1-measure": measure.pk,
        "responsibilities-1-actor": responsibility.actor.pk,
        "responsibilities-1-role": "supporting",
        "responsibilities-1-note": "bei Fragen der Mehrsprachigkeit",
        "responsibilities-1-order": "2",
        "progress_reports-TOTAL_FORMS": "0",
        "progress_reports-INITIAL_FORMS": "0",
    }
    response = kit_client.post(url(Measure, "change", measure.pk), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS
    assert [i.text for i in measure.indicators.all()] == [
        "regelhafte Sprachkursabfrage",
        "Weitergabe der Informationen",
    ]
    assert {i.district_id for i in measure.indicators.all()} == {kit_user.district_id}
    supporting = measure.responsibilities.get(role="supporting")
    assert supporting.note == "bei Fragen der Mehrsprachigkeit"
    assert supporting.district == kit_user.district


@pytest.mark.django_db
def test_end_before_start_is_refused_in_german(kit_client, kit_user):
    measure = one_of_each(kit_user.district)[Measure]
    data = measure_form_data(measure, start="01.06.2026", end="01.01.2026")
    response = kit_client.post(url(Measure, "change", measure.pk), data)
    assert response.status_code == 200
    assert "Eine Maßnahme kann nicht enden, bevor sie beginnt." in response.content.decode()


@pytest.mark.django_db
def test_new_progress_report_is_by_the_current_user_today(kit_client, kit_user):
    measure = one_of_each(kit_user.district)[Measure]
    response = kit_client.get(url(Measure, "change", measure.pk))
    empty_form = next(
        inline.formset.empty_form
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "progress_reports"
    )
    assert empty_form["author"].initial == kit_user.pk
    assert empty_form["date"].initial == timezone.localdate()


@pytest.mark.django_db
def test_parent_choices_are_the_plans_own_top_level_fields(kit_client, kit_user):
    parent = FieldOfActionFactory(district=kit_user.district, name="Kinder und Jugendliche")
    child = FieldOfActionFactory(district=kit_user.district, plan=parent.plan, parent=parent, name="Bildung")
    other_plans_field = FieldOfActionFactory(district=kit_user.district, name="Sprache")
    for response in [
        kit_client.get(url(ActionPlan, "change", parent.plan.pk)),
        kit_client.get(url(FieldOfAction, "change", child.pk)),
    ]:
        forms = [response.context["adminform"].form]
        forms += [inline.formset.empty_form for inline in response.context["inline_admin_formsets"]]
        choices = [form.fields["parent"].queryset for form in forms if "parent" in form.fields]
        assert choices
        for queryset in choices:
            assert parent in queryset
            assert child not in queryset and other_plans_field not in queryset


@pytest.mark.django_db
def test_every_inline_field_is_named_by_its_row_and_column(kit_client, kit_user):
    measure = MeasureFactory(district=kit_user.district)
    for _ in range(3):
        IndicatorFactory(district=kit_user.district, measure=measure)
    ResponsibilityFactory(district=kit_user.district, measure=measure)
    page = kit_client.get(url(Measure, "change", measure.pk)).content.decode()
    # A screen reader hears the row and the column header, not a bare "Eingabefeld".
    assert 'aria-label="Indikator 3: Zielwert"' in page
    assert 'aria-label="Indikator 3: Löschen"' in page
    assert 'aria-label="Indikator 1: Status"' in page
    assert 'aria-label="Zuständigkeit 1: Rolle"' in page
    # The template row that "add another" copies is named as a new row.
    assert 'aria-label="Indikator (neu): Zielwert"' in page
