"""Fixtures of users in their roles and of browsers logged in as them, one line each."""

import pytest

from .factories import UserFactory


def user_in_role(username, role, *, district="district"):
    """A fixture: the user `username` with `role`, in the district of the fixture named `district`."""

    @pytest.fixture
    def user(request):
        return UserFactory(username=username, district=request.getfixturevalue(district), role=role)

    return user


def logged_in_as(user):
    """A fixture: the test client, logged in as the user of the fixture named `user`."""

    @pytest.fixture
    def logged_in(client, request):
        client.force_login(request.getfixturevalue(user))
        return client

    return logged_in
