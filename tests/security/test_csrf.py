"""CSRF: no view is exempt, and a form sent without the token to any URL is refused with the German 403."""

import logging

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .surface import admin_urls, browser_urls, district_admin_models

# Views that may take a POST without a CSRF token, each with its reason. None so far.
CSRF_EXEMPT_BY_DESIGN = set()


def all_views(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_no_view_is_csrf_exempt():
    exempt = {
        f"{view.lookup_str} ({view.pattern})"
        for view in all_views()
        if getattr(view.callback, "csrf_exempt", False) and view.lookup_str not in CSRF_EXEMPT_BY_DESIGN
    }
    assert exempt == set()


@pytest.fixture
def csrf_client(kit_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kit_user)
    return client


@pytest.mark.django_db
def test_posts_without_token_to_every_page_are_refused(csrf_client, district, caplog):
    from .conftest import objects_of

    own = objects_of(district)
    urls = browser_urls(district, own.values())
    for model in district_admin_models():
        urls.extend(admin_urls(model, own[model].pk))
    with caplog.at_level(logging.INFO, logger="integration_portal.audit"):
        for label, url in urls:
            response = csrf_client.post(url, {"text": "Neue Maßnahme", "post": "yes"})
            assert response.status_code == 403, f"POST {url} ({label}) without CSRF token: {response.status_code}"
            assert "Zugriff verweigert" in response.content.decode()
    assert any("event=csrf_failure" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_login_form_without_token_is_refused(kit_user):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": kit_user.username, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in Client().session
