"""The council system's OParl URL: set by superusers in the admin, and the import as an admin action."""

from django.urls import reverse

from integration_portal.models import District
from papers.models import Consultation

from .httpserver import LocalServer
from .test_import import our_paper, serve_examples


def _change_data(district, **fields):
    data = {"name": district.name, "short_name": district.short_name, "slug": district.slug}
    data.update(fields)
    return data


def test_only_superusers_set_the_council_systems_oparl_url(client, superuser, kit_user, district):
    url = reverse("admin:integration_portal_district_change", args=[district.pk])
    client.force_login(kit_user)
    assert client.post(url, _change_data(district, oparl_source_url="https://ris.example.de/")).status_code == 403
    assert District.objects.get(pk=district.pk).oparl_source_url == ""
    client.force_login(superuser)
    page = client.get(url)
    assert "OParl-Endpunkt des Ratsinformationssystems" in page.content.decode()
    response = client.post(url, _change_data(district, oparl_source_url="https://ris.example.de/oparl/v1/"))
    assert response.status_code == 302
    assert District.objects.get(pk=district.pk).oparl_source_url == "https://ris.example.de/oparl/v1/"
    for wrong in ("kein Link", "ftp://ris.example.de/oparl/"):
        refused = client.post(url, _change_data(district, oparl_source_url=wrong))
        assert "Bitte eine gültige Adresse eingeben." in refused.content.decode()
    assert District.objects.get(pk=district.pk).oparl_source_url == "https://ris.example.de/oparl/v1/"


def test_the_admin_action_takes_over_results_and_reports_refusals(client, superuser, district, other_district):
    server = LocalServer()
    try:
        serve_examples(server)
        paper = our_paper(district)
        District.objects.filter(pk=district.pk).update(oparl_source_url=server.url("/"))
        District.objects.filter(pk=other_district.pk).update(oparl_source_url="ftp://ris.example.de/")
        client.force_login(superuser)
        response = client.post(
            reverse("admin:integration_portal_district_changelist"),
            {"action": "import_council_results", "_selected_action": [district.pk, other_district.pk]},
            follow=True,
        )
    finally:
        server.close()
    text = response.content.decode()
    assert "1234/2014, Ausschuss für Haushalt und Finanzen, 04.01.2013: geändert beschlossen" in text
    assert "Kreis Ostholstein: Nur http- und https-Adressen werden gelesen" in text
    consultation = paper.consultations.get()
    assert consultation.outcome == Consultation.Outcome.AMENDED
    assert consultation.history.first().history_path == "admin"
