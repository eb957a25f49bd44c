"""Error pages speak German and give away nothing of the internals."""

import pytest
from django.test import Client
from django.urls import path

from integration_portal.urls import urlpatterns as portal_urls


def broken_view(request):
    raise RuntimeError("internal detail that must not leak")


urlpatterns = [path("broken/", broken_view), *portal_urls]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_server_error_page_is_german_and_plain():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Serverfehler" in content
    assert "internal detail" not in content and "Traceback" not in content


@pytest.mark.django_db
def test_not_found_page_is_german(client):
    response = client.get("/districts/rendsburg-eckernfoerde/plans/999/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
