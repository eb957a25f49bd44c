"""Rules of the plan that every path (admin, later imports) must obey."""

import pytest
from django.apps import apps
from django.db import IntegrityError

from actionplan.models import ActionPlan, FieldOfAction, Responsibility
from integration_portal.models import DistrictOwnedModel

from ..factories import (
    ActorFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    IntegrationConceptFactory,
    MeasureFactory,
    ResponsibilityFactory,
    one_of_each,
)
from ..validation import refusals


@pytest.mark.django_db
def test_fields_of_action_nest_one_level_only(district):
    parent = FieldOfActionFactory(district=district, name="Kinder und Jugendliche")
    child = FieldOfActionFactory(district=district, plan=parent.plan, parent=parent, name="Frühkindliche Bildung")
    assert str(child) == "Kinder und Jugendliche – Frühkindliche Bildung"
    grandchild = FieldOfActionFactory.build(district=district, plan=parent.plan, parent=child, name="Krippe")
    assert "Handlungsfelder lassen sich nur eine Ebene tief gliedern." in refusals(grandchild)["parent"]


@pytest.mark.django_db
def test_sub_field_must_be_of_the_same_plan(district):
    parent = FieldOfActionFactory(district=district)
    other_plan_field = FieldOfActionFactory.build(district=district, parent=parent)
    other_plan_field.plan = FieldOfActionFactory(district=district).plan
    assert "parent" in refusals(other_plan_field)


@pytest.mark.django_db
def test_new_plan_cannot_take_a_parent_field_of_another_plan(district):
    other_plans_parent = FieldOfActionFactory(district=district)
    new_plan = ActionPlan(district=district, title="Neuer Plan")  # not saved yet, as in the admin's add form
    field = FieldOfAction(district=district, plan=new_plan, parent=other_plans_parent, name="Bildung")
    refused = refusals(field, exclude=["plan"])
    assert "Das übergeordnete Handlungsfeld muss zum selben Aktionsplan gehören." in refused["parent"]


@pytest.mark.django_db
def test_parent_field_keeps_its_sub_fields_in_its_plan(district):
    parent = FieldOfActionFactory(district=district, name="Kinder und Jugendliche")
    FieldOfActionFactory(district=district, plan=parent.plan, parent=parent, name="Bildung")
    parent.plan = FieldOfActionFactory(district=district).plan
    assert "plan" in refusals(parent)


@pytest.mark.django_db
def test_top_level_field_names_are_unique_per_plan(district):
    field = FieldOfActionFactory(district=district, name="Sprache")
    with pytest.raises(IntegrityError):
        FieldOfActionFactory(district=district, plan=field.plan, name="Sprache")


@pytest.mark.django_db
def test_revision_keeps_its_predecessor_readable(district):
    original = IntegrationConceptFactory(district=district, year=2015)
    revision = IntegrationConceptFactory(district=district, year=2020, predecessor=original)
    assert original.successor == revision
    backwards = IntegrationConceptFactory.build(district=district, year=2010, predecessor=revision)
    assert "predecessor" in refusals(backwards)


@pytest.mark.django_db
def test_indicator_figures_need_a_unit(district):
    indicator = IndicatorFactory(district=district, text="Arbeitskreis tagt 12x im Jahr")
    indicator.target = 12
    assert refusals(indicator)["unit"] == ["Bitte eine Einheit angeben, wenn der Indikator Zahlen hat."]
    indicator.unit = "Treffen im Jahr"
    indicator.full_clean()


def district_links():
    """(model, field name) of every link from one district-owned model to another."""
    for model in apps.get_models():
        if issubclass(model, DistrictOwnedModel):
            for field in model._meta.concrete_fields:
                if (
                    field.is_relation
                    and field.name != "district"
                    and issubclass(field.related_model, DistrictOwnedModel)
                ):
                    yield pytest.param(model, field.name, id=f"{model.__name__}.{field.name}")


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field_name"), list(district_links()))
def test_links_to_another_districts_objects_are_refused(district, other_district, model, field_name):
    own = one_of_each(district)[model]
    foreign_target = one_of_each(other_district)[model._meta.get_field(field_name).related_model]
    setattr(own, field_name, foreign_target)
    assert f"„{foreign_target}“ gehört zu einem anderen Kreis." in refusals(own)[field_name]


@pytest.mark.django_db
def test_one_responsibility_per_actor_and_role(district):
    responsibility = ResponsibilityFactory(district=district)
    kit = responsibility.actor
    ResponsibilityFactory(
        district=district, measure=responsibility.measure, actor=kit, role=Responsibility.Role.SUPPORTING
    )
    with pytest.raises(IntegrityError):
        ResponsibilityFactory(
            district=district, measure=responsibility.measure, actor=kit, role=Responsibility.Role.LEAD
        )


@pytest.mark.django_db
def test_grouping_helpers_follow_the_plan_order(district):
    measure = MeasureFactory(district=district)
    for order, heading in enumerate(
        ["", "Förderung vor der Ausbildung:", "Förderung vor der Ausbildung:", "Förderung während der Ausbildung:"]
    ):
        IndicatorFactory(district=district, measure=measure, group_heading=heading, order=order)
    kit = ActorFactory(district=district, name="Koordinierungsstelle Integration und Teilhabe", short_name="KIT")
    ResponsibilityFactory(district=district, measure=measure, actor=kit, role=Responsibility.Role.SUPPORTING, order=1)
    ResponsibilityFactory(district=district, measure=measure, role=Responsibility.Role.LEAD, order=2)
    assert [(heading, len(items)) for heading, items in measure.indicator_groups()] == [
        ("", 1),
        ("Förderung vor der Ausbildung:", 2),
        ("Förderung während der Ausbildung:", 1),
    ]
    assert [role for role, _label, _items in measure.responsibilities_by_role()] == ["lead", "supporting"]
