"""A long list of the admin (actors, committees, target groups) is exported by a background job."""

import csv
import io

import pytest
from django.urls import reverse

from actionplan.models import Actor

from ..factories import ActorFactory
from ..job_downloads import job_of

pytestmark = pytest.mark.django_db

CSV_FORMAT = "1"


def post_export(client, fields=("id", "name")):
    url = reverse("admin:actionplan_actor_export")
    return client.post(
        url, {"format": CSV_FORMAT, "resource": "0", **{f"actorresource_{name}": "on" for name in fields}}
    )


def test_a_long_list_is_written_by_a_job_for_the_users_district_only(
    kit_client, client, district, other_district, other_kit_user, settings, media_root
):
    settings.EXPORT_JOB_THRESHOLD = 2
    for name in ("Jobcenter", "KIT", "Brücke e.V."):
        ActorFactory(district=district, name=name)
    ActorFactory(district=other_district, name="Kreisverwaltung Ostholstein")

    job = job_of(post_export(kit_client))

    page = kit_client.get(job.get_absolute_url()).content.decode()
    assert "Export einer Liste" in page and "Ergebnis herunterladen" in page
    response = kit_client.get(reverse("job_result", kwargs={"pk": job.pk}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["id", "name"]  # the columns chosen in the form
    assert sorted(row[1] for row in rows[1:]) == ["Brücke e.V.", "Jobcenter", "KIT"]
    client.force_login(other_kit_user)
    assert client.get(reverse("job_result", kwargs={"pk": job.pk})).status_code == 404


def test_a_short_list_is_downloaded_at_once(kit_client, district, settings):
    settings.EXPORT_JOB_THRESHOLD = 2
    ActorFactory(district=district, name="Jobcenter")
    response = post_export(kit_client)
    assert response.status_code == 200
    assert Actor.objects.count() == 1
