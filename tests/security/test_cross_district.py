"""No page and no admin URL shows or changes another district's data: every URL pattern is tried.

The admin's change, delete and history views, choices, filters and autocomplete are covered model by
model in tests/integration_portal/test_district_isolation.py; here every other URL a ModelAdmin has
(imports, exports, sorting, custom views) and every page outside the admin is attacked with the other
district's slug and object ids, as KIT staff of one district, as its steering group and anonymously.
"""

import pytest

from .conftest import district_owned_models
from .surface import admin_urls, browser_urls, district_admin_models, make_non_public, snapshot, store_in_text_fields

SECRET = "FREMDGEHEIM"

# Pages that show another district's data to everyone by design (e.g. an open public survey), as
# "namespace:name". Each entry needs a reason.
PUBLIC_BY_DESIGN = {}


@pytest.fixture
def secret_foreign(foreign):
    """The other district's objects, not public, every text field carrying a marker."""
    for obj in foreign.values():
        make_non_public(obj)
        store_in_text_fields(obj, lambda field: f"{SECRET}{field.name}")
    return foreign


def test_every_district_owned_model_is_attacked(own):
    missing = [model.__name__ for model in district_owned_models() if model not in own]
    assert missing == [], "add a factory for these models to EXTRA_OBJECT_FACTORIES in tests/security/conftest.py"


@pytest.fixture(params=["kit_user", "steering_user", None], ids=["kit", "steering", "anonymous"])
def attacker(request, client):
    """A client of the first district (or anonymous) and how to log it in again after a logout URL."""
    user = request.getfixturevalue(request.param) if request.param else None

    def login():
        if user is not None:
            client.force_login(user)

    login()
    return client, login


def assert_shows_no_secret(response, request_line):
    content = response.content.decode(errors="replace") if not response.streaming else ""
    assert SECRET not in content, f"{request_line} shows another district's data"


@pytest.mark.django_db
def test_no_page_shows_or_changes_another_districts_data(attacker, own, secret_foreign, other_district):
    client, login = attacker
    before = snapshot(secret_foreign.values())
    urls = browser_urls(other_district, secret_foreign.values())
    assert urls, "no URL patterns found"
    for label, url in urls:
        if label in PUBLIC_BY_DESIGN:
            continue
        for method in ("get", "post"):
            login()
            response = getattr(client, method)(url, {"text": "geändert", "title": "geändert"})
            assert_shows_no_secret(response, f"{method.upper()} {url} ({label})")
    assert snapshot(secret_foreign.values()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", district_admin_models(), ids=lambda model: model.__name__)
def test_no_admin_url_shows_or_changes_another_districts_object(kit_client, own, secret_foreign, model):
    before = snapshot(secret_foreign.values())
    target = secret_foreign[model]
    for name, url in admin_urls(model, target.pk):
        for method in ("get", "post"):
            response = getattr(kit_client, method)(url, {"post": "yes", "_save": "1"})
            assert_shows_no_secret(response, f"{method.upper()} {url} ({name})")
    assert snapshot(secret_foreign.values()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", district_admin_models(), ids=lambda model: model.__name__)
def test_anonymous_visitors_reach_no_admin_url(client, own, model):
    for name, url in admin_urls(model, own[model].pk):
        response = client.get(url)
        assert response.status_code == 302, f"{url} ({name}) answers anonymous visitors"
        assert response.url.startswith("/accounts/login/") or response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_anonymous_visitors_reach_no_url_of_the_admin_site(client, own):
    from .surface import PARAMETER, project_routes

    for _namespace, name, route in project_routes(admin_site=True):
        url = "/" + PARAMETER.sub("1", route)
        response = client.get(url)
        assert response.status_code in (302, 404), f"{url} ({name}) answers anonymous visitors"
        if response.status_code == 302:
            # The admin's logout sends anonymous visitors to the admin index, which sends them to log in.
            assert response.url.startswith(("/accounts/login/", "/admin/login/")) or response.url == "/admin/", url
