"""Fixtures of the attack suite: one object of every district-owned model in two districts."""

import pytest
from django.apps import apps

from actionplan.models import ActionPlan
from integration_portal.models import User
from integration_portal.scoping import is_district_owned

from ..actionplan.conftest import demo_client, demo_kit, demo_plan  # noqa: F401 (fixtures of the import probes)
from ..factories import UserFactory, one_of_each
from ..steering.conftest import small_plan  # noqa: F401 (fixture of the cache probes)

# Callables `district -> iterable of objects` that create objects of district-owned models that
# `one_of_each` does not know (papers, steering workspace, participation, …). Every district-owned model
# must be covered: `test_every_district_owned_model_is_attacked` fails until its factory is listed here.
EXTRA_OBJECT_FACTORIES = []


def district_owned_models():
    return [model for model in apps.get_models() if is_district_owned(model)]


def objects_of(district):
    """One object of every district-owned model of the district: {model: object}; the plan is adopted, public."""
    objects = dict(one_of_each(district, plan_status=ActionPlan.Status.ADOPTED))
    objects[User] = UserFactory(username=f"member-{district.slug}", district=district)
    for make in EXTRA_OBJECT_FACTORIES:
        for obj in make(district):
            objects.setdefault(type(obj), obj)
    return objects


@pytest.fixture
def own(district):
    return objects_of(district)


@pytest.fixture
def foreign(other_district):
    return objects_of(other_district)
