"""The one query API for measures: plan order, fields with their sub-fields, actor and role together."""

import pytest

from actionplan import exports
from actionplan.models import Measure, Responsibility
from steering.selectors import plan_measures

from ..factories import (
    ActionPlanFactory,
    ActorFactory,
    ChallengeFactory,
    FieldOfActionFactory,
    MeasureFactory,
    ResponsibilityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(district):
    """Fields saved out of order: a top-level field after its sub-field, a later field with a lower order."""
    plan = ActionPlanFactory(district=district)
    work = FieldOfActionFactory(district=district, plan=plan, name="Arbeit", order=5)
    work_sub = FieldOfActionFactory(district=district, plan=plan, name="Ausbildung", parent=work, order=1)
    language = FieldOfActionFactory(district=district, plan=plan, name="Sprache", order=2)
    texts = {}
    for field, name in [(work_sub, "sub"), (work, "work"), (language, "language")]:
        challenge = ChallengeFactory(district=district, field=field, order=1)
        for order in (2, 1):
            texts[f"{name}-{order}"] = MeasureFactory(
                district=district, challenge=challenge, order=order, text=f"{name}-{order}"
            )
    return {"plan": plan, "work": work, "work_sub": work_sub, "language": language, "measures": texts}


def test_plan_order_puts_each_field_before_its_sub_fields_on_every_database(plan):
    expected = ["language-1", "language-2", "work-1", "work-2", "sub-1", "sub-2"]
    assert [m.text for m in Measure.objects.in_plan(plan["plan"]).in_plan_order()] == expected


def test_export_and_steering_list_read_the_plan_in_the_same_order(plan, district):
    user = UserFactory(district=district)
    expected = ["language-1", "language-2", "work-1", "work-2", "sub-1", "sub-2"]
    header, rows = exports.plan_rows(plan["plan"])
    measure_column = header.index("Maßnahme")
    assert [row[measure_column] for row in rows] == expected
    assert [m.text for m in plan_measures(user=user, plan=plan["plan"])] == expected


def test_a_field_includes_its_sub_fields_and_a_sub_field_only_itself(plan):
    in_work = {m.text for m in Measure.objects.in_field(plan["work"])}
    assert in_work == {"work-1", "work-2", "sub-1", "sub-2"}
    assert {m.text for m in Measure.objects.in_field(plan["work_sub"])} == {"sub-1", "sub-2"}


def test_actor_and_role_must_match_the_same_responsibility(district):
    jobcenter, kit = ActorFactory(district=district), ActorFactory(district=district)
    # Jobcenter leads and KIT supports: the Jobcenter is no supporting actor here.
    mixed = MeasureFactory(district=district, text="gemischt")
    ResponsibilityFactory(district=district, measure=mixed, actor=jobcenter, role=Responsibility.Role.LEAD)
    ResponsibilityFactory(district=district, measure=mixed, actor=kit, role=Responsibility.Role.SUPPORTING)
    supporting = MeasureFactory(district=district, text="begleitend")
    ResponsibilityFactory(district=district, measure=supporting, actor=jobcenter, role=Responsibility.Role.SUPPORTING)

    found = Measure.objects.with_responsibility(jobcenter, Responsibility.Role.SUPPORTING)
    assert [m.text for m in found] == ["begleitend"]
    assert {m.text for m in Measure.objects.with_responsibility(jobcenter)} == {"gemischt", "begleitend"}
    assert [m.text for m in Measure.objects.with_responsibility(role=Responsibility.Role.LEAD)] == ["gemischt"]
