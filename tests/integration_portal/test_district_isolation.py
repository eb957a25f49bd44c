"""A KIT user of one district can neither see nor reach nor link to another district's objects in the admin."""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.contenttypes.models import ContentType
from django.forms import ModelChoiceField
from django.urls import reverse

from actionplan.models import Actor, Measure
from integration_portal.models import District, User
from integration_portal.scoping import is_district_owned

from ..admin_forms import measure_form_data
from ..factories import one_of_each

DISTRICT_ADMINS = [
    pytest.param(model, id=model.__name__)
    for model in admin.site._registry
    if is_district_owned(model) and model is not User
]


@pytest.fixture
def both_districts(district, other_district):
    return one_of_each(district), one_of_each(other_district)


def admin_url(obj, action):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("model", DISTRICT_ADMINS)
class TestEveryModelAdmin:
    def test_change_list_shows_only_own_district(self, kit_client, both_districts, model):
        own, foreign = both_districts
        meta = model._meta
        response = kit_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert response.status_code == 200
        shown = set(response.context["cl"].result_list)
        assert own[model] in shown
        assert foreign[model] not in shown

    @pytest.mark.parametrize("action", ["change", "delete", "history"])
    def test_foreign_object_urls_are_404(self, kit_client, both_districts, model, action):
        _own, foreign = both_districts
        assert kit_client.get(admin_url(foreign[model], action)).status_code == 404
        assert kit_client.post(admin_url(foreign[model], action), {"post": "yes"}).status_code == 404
        assert model.objects.filter(pk=foreign[model].pk).exists()

    def test_view_on_site_of_foreign_object_is_404(self, kit_client, both_districts, model):
        _own, foreign = both_districts
        content_type = ContentType.objects.get_for_model(model)
        url = reverse("admin:view_on_site", args=[content_type.pk, foreign[model].pk])
        assert kit_client.get(url).status_code == 404
        assert kit_client.get(reverse("admin:view_on_site", args=[content_type.pk, "abc"])).status_code == 404

    def test_form_and_inline_choices_are_own_district(self, kit_client, kit_user, both_districts, model):
        own, _foreign = both_districts
        response = kit_client.get(admin_url(own[model], "change"))
        assert response.status_code == 200
        forms = [response.context["adminform"].form]
        for inline in response.context["inline_admin_formsets"]:
            forms.extend(inline.formset.forms)
            forms.append(inline.formset.empty_form)
        offered = set()
        for form in forms:
            for name, field in form.fields.items():
                # The hidden id of an inline row is resolved within the parent's own rows, not offered.
                if name == form._meta.model._meta.pk.name:
                    continue
                if isinstance(field, ModelChoiceField) and is_district_owned(field.queryset.model):
                    districts = set(field.queryset.values_list("district", flat=True))
                    assert districts <= {kit_user.district_id}, (
                        f"{model.__name__}.{name} offers another district's objects"
                    )
                    offered.add(name)
        # Every link the main form shows to district data was among the checked choices.
        links = {
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.editable and is_district_owned(f.related_model)
        }
        assert links & set(forms[0].fields) <= offered

    def test_list_filters_offer_own_district_only(self, kit_client, kit_user, both_districts, model):
        meta = model._meta
        response = kit_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        own_pks = {}
        for spec in response.context["cl"].filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                related = spec.field.related_model
                own_pks.setdefault(
                    related, set(related.objects.filter(district=kit_user.district).values_list("pk", flat=True))
                )
                offered = {pk for pk, _label in spec.lookup_choices}
                assert offered <= own_pks[related], f"filter {spec.title} offers another district's objects"


@pytest.mark.django_db
def test_view_on_site_leads_from_a_measure_to_its_row_on_the_plan_page(kit_client, both_districts):
    own, _foreign = both_districts
    measure = own[Measure]
    content_type = ContentType.objects.get_for_model(Measure)
    response = kit_client.get(reverse("admin:view_on_site", args=[content_type.pk, measure.pk]))
    assert response.status_code == 302
    plan = measure.challenge.field.plan
    assert response.url.endswith(f"/districts/{plan.district.slug}/plans/{plan.pk}/#measure-{measure.pk}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "offered"),
    [
        ("responsibility", "actor", "Träger", lambda objects: objects[Actor]),
        ("measure", "challenge", "Herausforderung", lambda objects: objects[Measure].challenge),
    ],
    ids=["actors", "challenges of measures"],
)
def test_autocomplete_returns_own_objects_only(kit_client, both_districts, model_name, field_name, term, offered):
    own, foreign = both_districts
    response = kit_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "actionplan", "model_name": model_name, "field_name": field_name, "term": term},
    )
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert offered(own).pk in ids
    assert offered(foreign).pk not in ids


@pytest.mark.django_db
def test_new_object_gets_the_users_district_whatever_the_form_says(kit_client, kit_user, other_district):
    response = kit_client.post(
        reverse("admin:actionplan_actor_add"),
        {
            "name": "Jobcenter Rendsburg- Eckernförde",
            "short_name": "Jobcenter",
            "kind": "office",
            "district": other_district.pk,
        },
    )
    assert response.status_code == 302
    actor = Actor.objects.get(name="Jobcenter Rendsburg- Eckernförde")
    assert actor.district == kit_user.district


@pytest.mark.django_db
def test_linking_another_districts_challenge_is_refused(kit_client, both_districts):
    _own, foreign = both_districts
    # The form names another district's challenge.
    data = measure_form_data(foreign[Measure], text="Neue Maßnahme")
    response = kit_client.post(reverse("admin:actionplan_measure_add"), data)
    assert response.status_code == 200
    assert "challenge" in response.context["adminform"].form.errors
    assert not Measure.objects.filter(text="Neue Maßnahme").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [District, User])
def test_kit_staff_cannot_manage_districts_or_users(kit_client, other_kit_user, model):
    meta = model._meta
    assert kit_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 403
    obj = other_kit_user.district if model is District else other_kit_user
    assert kit_client.get(admin_url(obj, "change")).status_code == 403
