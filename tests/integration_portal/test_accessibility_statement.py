"""The accessibility statement BITV 2.0 asks for: what conforms, what does not, whom to tell, where to turn."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from participation.models import Survey

from ..factories import DistrictFactory
from ..logins import logged_in_as
from ..pages import missing
from ..participation.factories import build_survey

pytestmark = pytest.mark.django_db


def test_the_general_statement_names_conformance_limits_and_leads_to_each_districts_statement(client, district):
    html = client.get(reverse("accessibility_statement")).content.decode()
    assert not missing(
        html,
        "<h1>Erklärung zur Barrierefreiheit</h1>",
        "BITV 2.0",
        "Das Portal ist teilweise barrierefrei.",
        "Bekannte Einschränkungen",
        "können Sie sich an die Durchsetzungsstelle seines Landes wenden; die Erklärung jedes Kreises nennt sie.",
        "Diese Erklärung wurde am 29. November 2026 erstellt.",
    )
    # Each district answers for its own content: the general statement leads to theirs.
    assert reverse("district_accessibility_statement", kwargs={"slug": district.slug}) in html
    # A district is a body of its federal state: no federal office is named for all of them.
    assert "BGG" not in html and "schlichtungsstelle-bgg.de" not in html


def test_the_demo_districts_name_the_enforcement_body_of_their_federal_state(client):
    call_command("loaddata", "demo.json", verbosity=0)
    html = client.get(reverse("district_accessibility_statement", kwargs={"slug": "rendsburg-eckernfoerde"}))
    assert not missing(
        html.content.decode(),
        "können Sie sich an diese Stelle des Landes wenden:",
        '<a href="https://www.landtag.ltsh.de/beauftragte/beschwerdestelle-fuer-barrieren/">'
        "Beschwerdestelle für barrierefreie Informationstechnik Schleswig-Holstein</a>",
    )
    # Germersheim lies in Rhineland-Palatinate: not the office of Schleswig-Holstein.
    html = client.get(reverse("district_accessibility_statement", kwargs={"slug": "germersheim"})).content.decode()
    assert "Schleswig-Holstein" not in html
    assert "des Landes wenden, in dem Landkreis Germersheim liegt." in html


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
            "accessibility_enforcement_body": "Beschwerdestelle für barrierefreie Informationstechnik",
            "accessibility_enforcement_url": "https://beschwerdestelle.example/",
        },
    )
    assert response.status_code == 302
    other = DistrictFactory(name="Kreis Plön", slug="ploen")
    html = client_get(admin_client, district)
    assert "Fachdienst Integration<br>Telefon 04521 788-0" in html
    assert 'href="mailto:barrierefreiheit@kreis-oh.example"' in html
    body = "Beschwerdestelle für barrierefreie Informationstechnik"
    assert f'<a href="https://beschwerdestelle.example/">{body}</a>' in html
    # Another district's statement shows only its own (here: none yet).
    other_html = client_get(admin_client, other)
    assert "barrierefreiheit@kreis-oh.example" not in other_html
    assert "Kreis Plön hat noch keine Kontaktstelle für Rückmeldungen zur Barrierefreiheit benannt" in other_html
    assert "beschwerdestelle.example" not in other_html and "in dem Kreis Plön liegt." in other_html


def test_an_enforcement_address_that_is_no_web_address_is_refused_and_nothing_is_saved(admin_client, district):
    response = admin_client.post(
        reverse("admin:integration_portal_district_change", args=[district.pk]),
        {
            "name": district.name,
            "short_name": district.short_name,
            "slug": district.slug,
            "accessibility_enforcement_body": "Beschwerdestelle",
            "accessibility_enforcement_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["accessibility_enforcement_url"] == [
        "Bitte eine gültige Adresse eingeben."
    ]
    district.refresh_from_db()
    assert district.accessibility_enforcement_body == ""


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
