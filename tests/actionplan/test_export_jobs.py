"""A large plan is exported by a background job: KIT staff download the file from the job's page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplan import exports
from actionplan.models import Measure
from integration_portal import roles

from ..factories import UserFactory
from ..job_downloads import download_through_job, job_of
from .excel_helpers import other_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def large_plans(settings, media_root):
    settings.EXPORT_JOB_THRESHOLD = 10  # the demo plan's 39 measures are many


def test_the_export_of_a_large_plan_is_downloaded_from_the_job_page(demo_plan, demo_client, large_plans, caplog):
    caplog.set_level("INFO", logger="integration_portal.audit")
    response = download_through_job(demo_client, reverse("admin:actionplan_export", args=[demo_plan.pk, "xlsx"]))

    name = f"aktionsplan-rendsburg-eckernfoerde-{demo_plan.pk}.xlsx"
    assert response["Content-Disposition"].endswith(f'filename="{name}"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == Measure.objects.in_plan(demo_plan).count() == 39
    # The same measures, in the same order and layout, as the export made at once.
    assert [row[2] for row in rows] == [row[2] for row in exports.plan_rows(demo_plan)[1]]
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("event=export user=kit-demo") and "format=xlsx rows=39" in line for line in lines)


def test_only_the_districts_kit_staff_see_the_plan_export(demo_plan, demo_client, client, large_plans):
    job = job_of(demo_client.get(reverse("admin:actionplan_export", args=[demo_plan.pk, "csv"])))
    result = reverse("job_result", kwargs={"pk": job.pk})
    outsiders = [
        UserFactory(username="kit-oh", district=other_district(), role=roles.KIT_STAFF),
        UserFactory(username="steering-rd", district=demo_plan.district, role=roles.STEERING_GROUP, is_staff=True),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(result).status_code == 404
    client.force_login(UserFactory(username="kit-rd", district=demo_plan.district, role=roles.KIT_STAFF))
    csv = b"".join(client.get(result).streaming_content).decode("utf-8-sig")
    assert csv.startswith("Handlungsfeld;Problem/Herausforderung;Maßnahme")
