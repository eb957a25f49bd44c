"""The accessibility statement BITV 2.0 asks for: what conforms, what does not, whom to tell, where to turn."""

import pytest
from django.urls import reverse

from participation.models import Survey

from ..factories import DistrictFactory
from ..logins import logged_in_as
from ..pages import missing
from ..participation.factories import build_survey

pytestmark = pytest.mark.django_db


def test_the_general_statement_names_conformance_limits_districts_and_the_arbitration_office(client, district):
    html = client.get(reverse("accessibility_statement")).content.decode()
    assert not missing(
        html,
        "<h1>Erklärung zur Barrierefreiheit</h1>",
        "BITV 2.0",
        "Das Portal ist teilweise barrierefrei.",
        "Bekannte Einschränkungen",
        "Schlichtungsstelle nach § 16 BGG",
        'href="https://www.schlichtungsstelle-bgg.de/"',
        "Diese Erklärung wurde am 29. November 2026 erstellt.",
    )
    # Each district answers for its own content: the general statement leads to theirs.
    assert reverse("district_accessibility_statement", kwargs={"slug": district.slug}) in html


def test_the_district_statement_shows_the_contact_its_superuser_configured(admin_client, district):
    page = admin_client.get(reverse("admin:integration_portal_district_change", args=[district.pk])).content.decode()
    assert 'name="accessibility_contact"' in page and 'name="accessibility_email"' in page
    response = admin_client.post(
        reverse("admin:integration_portal_district_change", args=[district.pk]),
        {
            "name": district.name,
            "short_name": district.short_name,
            "slug": district.slug,
            "accessibility_contact": "Kreis Ostholstein\nFachdienst Integration\nTelefon 04521 788-0",
            "accessibility_email": "barrierefreiheit@kreis-oh.example",
        },
    )
    assert response.status_code == 302
    other = DistrictFactory(name="Kreis Plön", slug="ploen")
    html = client_get(admin_client, district)
    assert "Fachdienst Integration<br>Telefon 04521 788-0" in html
    assert 'href="mailto:barrierefreiheit@kreis-oh.example"' in html
    # Another district's statement shows only its own (here: none yet).
    other_html = client_get(admin_client, other)
    assert "barrierefreiheit@kreis-oh.example" not in other_html
    assert "Kreis Plön hat noch keine Kontaktstelle für Rückmeldungen zur Barrierefreiheit benannt" in other_html


def client_get(client, district):
    return client.get(reverse("district_accessibility_statement", kwargs={"slug": district.slug})).content.decode()


admin_client = logged_in_as("superuser")


def test_every_kind_of_page_links_the_statement_in_its_footer(admin_client, district):
    statement = reverse("accessibility_statement")
    for path in ["/", district.get_absolute_url(), reverse("admin:index"), reverse("login")]:
        html = admin_client.get(path).content.decode()
        start = html.find("<footer") if "<footer" in html else html.find('id="footer"')
        footer = html[start:] if start >= 0 else ""
        assert f'href="{statement}"' in footer, path
    build_survey(district)
    survey = Survey.objects.get(district=district)
    for language in ["de", "ar"]:
        html = admin_client.get(reverse("participation:survey", kwargs={"language": language, "pk": survey.pk}))
        link = reverse("district_accessibility_statement", kwargs={"slug": district.slug})
        assert f'href="{link}"' in html.content.decode()
    assert "بيان إمكانية الوصول" in html.content.decode()
