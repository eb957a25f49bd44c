"""Who may do what: KIT staff edit in the admin, the steering group and committee members only read."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from integration_portal import roles


@pytest.mark.django_db
def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.KIT_STAFF,
        roles.STEERING_GROUP,
        roles.COMMITTEE_MEMBERS,
    }


@pytest.mark.django_db
def test_kit_staff_may_edit_plans(kit_user):
    assert kit_user.has_perm("actionplan.change_measure")
    assert kit_user.has_perm("actionplan.add_indicator")
    assert not kit_user.has_perm("integration_portal.change_user")


@pytest.mark.django_db
@pytest.mark.parametrize("role_user", ["steering_user", "committee_user"])
def test_readers_have_no_admin(client, request, role_user):
    user = request.getfixturevalue(role_user)
    assert user.has_perm("actionplan.view_measure")
    assert not user.has_perm("actionplan.change_measure")
    client.force_login(user)
    response = client.get(reverse("admin:actionplan_measure_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_login_page_is_german_and_logs_in(client, steering_user):
    from ..factories import PASSWORD

    response = client.get(reverse("login"))
    content = response.content.decode()
    assert "Benutzername" in content and "Passwort" in content
    response = client.post(reverse("login"), {"username": steering_user.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("login"), {"username": steering_user.username, "password": "wrong"})
    assert "Der Benutzername oder das Passwort ist falsch." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["kit", "steering with a permission of their own", "superuser", "inactive"])
def test_a_users_permissions_are_read_in_one_query_and_are_those_djangos_backend_reads(kind, district):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Permission

    from ..factories import UserFactory
    from ..queries import count_queries

    role = roles.KIT_STAFF if kind == "kit" else roles.STEERING_GROUP
    user = UserFactory(district=district, role=role, is_superuser=kind == "superuser", is_active=kind != "inactive")
    if kind.startswith("steering"):
        user.user_permissions.add(Permission.objects.get(codename="view_job"))
    users = get_user_model().objects
    with count_queries() as queries:
        ours = users.get(pk=user.pk).get_all_permissions()
    djangos = ModelBackend().get_all_permissions(users.get(pk=user.pk))
    assert ours == djangos
    assert len(queries) == (1 if kind == "inactive" else 2)  # the user, then their permissions
    if kind.startswith("steering"):
        assert {"integration_portal.view_job", "actionplan.view_measure"} <= ours
        assert "actionplan.change_measure" not in ours
    assert bool(ours) is (kind != "inactive")
