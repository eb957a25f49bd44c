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
