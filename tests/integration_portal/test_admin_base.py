"""One admin base for every app: district scoping, history with restore and edit-conflict checks."""

import pytest
from django.contrib import admin
from django.urls import reverse
from pytest_django.asserts import assertContains

from integration_portal.admin_base import PortalInline, PortalModelAdmin, PortalStackedInline
from integration_portal.concurrency import TOKEN_FIELD

from ..papers.factories import CommitteeFactory, ReferenceSchemeFactory
from ..steering.factories import CommentFactory

APPS = {"actionplan", "papers", "participation", "steering"}


def _app_admins():
    return [model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label in APPS]


def test_every_model_admin_of_the_apps_uses_the_portal_base():
    admins = _app_admins()
    assert len(admins) > 15
    assert [type(a).__name__ for a in admins if not isinstance(a, PortalModelAdmin)] == []


def test_every_inline_of_the_apps_uses_the_portal_inline():
    inlines = [inline for model_admin in _app_admins() for inline in model_admin.inlines]
    assert len(inlines) > 10
    assert [i.__name__ for i in inlines if not issubclass(i, (PortalInline, PortalStackedInline))] == []


def _url(obj, view="change"):
    return reverse(f"admin:papers_{obj._meta.model_name}_{view}", args=[obj.pk])


def _token(client, obj):
    response = client.get(_url(obj))
    assert response.status_code == 200
    return response.context["adminform"].form[TOKEN_FIELD].value()


@pytest.mark.django_db
def test_a_numbering_scheme_has_a_history_with_old_and_new_pattern(kit_client, district):
    scheme = ReferenceSchemeFactory(district=district, pattern="VO/{year}/{seq}")
    response = kit_client.post(_url(scheme), {"pattern": "DS/{year}/{seq:04}", TOKEN_FIELD: _token(kit_client, scheme)})
    assert response.status_code == 302

    page = kit_client.get(_url(scheme, "history")).content.decode()
    assert "VO/{year}/{seq}" in page and "DS/{year}/{seq:04}" in page
    assert scheme.history.count() == 2


@pytest.mark.django_db
def test_a_stale_save_of_a_numbering_scheme_is_refused(kit_client, second_kit_client, district):
    scheme = ReferenceSchemeFactory(district=district, pattern="VO/{year}/{seq}")
    mine, theirs = _token(kit_client, scheme), _token(second_kit_client, scheme)
    assert second_kit_client.post(_url(scheme), {"pattern": "A/{seq}", TOKEN_FIELD: theirs}).status_code == 302

    response = kit_client.post(_url(scheme), {"pattern": "B/{seq}", TOKEN_FIELD: mine})

    assert response.status_code == 200
    assert "jetzt gespeichert „A/{seq}“, Ihre Eingabe „B/{seq}“" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.pattern == "A/{seq}"


@pytest.mark.django_db
def test_a_stale_save_of_a_committee_is_refused(kit_client, second_kit_client, district):
    committee = CommitteeFactory(district=district, name="Sozialausschuss", short_name="SoA", order=1)
    mine, theirs = _token(kit_client, committee), _token(second_kit_client, committee)
    base = {"short_name": "SoA", "order": "1"}
    response = second_kit_client.post(
        _url(committee), {**base, "name": "Sozial- und Gesundheitsausschuss", TOKEN_FIELD: theirs}
    )
    assert response.status_code == 302

    response = kit_client.post(_url(committee), {**base, "name": "Ausschuss für Soziales", TOKEN_FIELD: mine})

    assertContains(response, "Sozial- und Gesundheitsausschuss")
    committee.refresh_from_db()
    assert committee.name == "Sozial- und Gesundheitsausschuss"


@pytest.mark.django_db
def test_another_districts_numbering_scheme_has_no_history_page(kit_client, other_district):
    foreign = ReferenceSchemeFactory(district=other_district)
    assert kit_client.get(_url(foreign, "history")).status_code == 404


@pytest.mark.django_db
def test_a_comment_kept_without_versions_shows_the_admins_own_history(kit_client, district, other_district):
    own, foreign = CommentFactory(district=district), CommentFactory(district=other_district)
    assert kit_client.get(reverse("admin:steering_comment_history", args=[own.pk])).status_code == 200
    assert kit_client.get(reverse("admin:steering_comment_history", args=[foreign.pk])).status_code == 404
