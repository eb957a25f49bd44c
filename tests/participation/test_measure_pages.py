"""A measure shows the findings it answers wherever it is read: the plan page and the measure page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FINDING = "mehr Lösungen aus einer Hand (One-Stop-Shop)"


def test_plan_page_shows_the_findings_a_measure_answers(client, traced):
    measure = traced["measure"]
    plan = measure.challenge.field.plan
    plan.status = "adopted"
    plan.save()
    content = client.get(plan.get_absolute_url()).content.decode()
    row = content[content.index(f'id="measure-{measure.pk}"') :]
    row = row[: row.index("</tr>")]
    assert FINDING in row and "Zukunftskonferenz" in row
    assert "mehr Digitalisierung" not in content  # open findings belong to the report, not the measure


def test_steering_measure_page_shows_the_findings(client, steering_user, traced):
    client.force_login(steering_user)
    content = client.get(reverse("steering:measure_detail", args=[traced["measure"].pk])).content.decode()
    assert "Befunde aus der Beteiligung" in content and FINDING in content


def test_district_page_links_the_participation_process(client, process, district):
    content = client.get(district.get_absolute_url()).content.decode()
    assert "Beteiligung" in content and process.get_absolute_url() in content


def test_public_page_names_a_measure_only_where_its_plan_opens(client, process, traced):
    measure = traced["measure"]
    plan = measure.challenge.field.plan
    plan.status = "draft"
    plan.save()
    content = client.get(process.get_absolute_url()).content.decode()
    assert "Lotsenstelle im Kreishaus" not in content  # nothing of a draft in public
    assert measure.get_absolute_url() not in content
    plan.status = "adopted"
    plan.save()
    content = client.get(process.get_absolute_url()).content.decode()
    assert f'href="{measure.get_absolute_url()}"' in content
    assert client.get(plan.get_absolute_url()).status_code == 200
