"""The implementation report of a 2,000-measure plan with 500 measures selected for the year.

The page is timed over HTTP through a live server (p50/p95); the PDF (the workspace's download, the same
document the command writes) is timed by rendering it a few times. Each selected measure has two indicators
with a check, every fifth a progress report and a remark. Prints figures; never fails on speed.
"""

import datetime
import statistics
import time

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from actionplan.models import Indicator, Measure, ProgressReport
from integration_portal import roles
from steering.exports import report_pdf
from steering.models import AnnualSelection, Comment, IndicatorCheck
from steering.report import implementation_report
from tests.factories import DistrictFactory, UserFactory, build_plan

from .timing import timed_requests

PDF_RUNS = 3
AS_OF = datetime.date(2026, 6, 30)


def selected_plan(district, user):
    build_plan(district=district, measures=2000)
    measures = list(Measure.objects.filter(district=district).order_by("pk")[::4])
    AnnualSelection.objects.bulk_create(
        AnnualSelection(district=district, measure=measure, year=2026, decision_date="2025-11-20")
        for measure in measures
    )
    indicators = Indicator.objects.filter(measure__in=measures).order_by("pk")
    IndicatorCheck.objects.bulk_create(
        IndicatorCheck(district=district, indicator=indicator, date="2026-03-01", status=("achieved", "open")[i % 2])
        for i, indicator in enumerate(indicators)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(district=district, measure=measure, date="2026-04-01", status="in_progress", text="Sachstand")
        for measure in measures[::5]
    )
    Comment.objects.bulk_create(
        Comment(district=district, measure=measure, author=user, text="Bemerkung") for measure in measures[::5]
    )
    return len(measures)


@pytest.mark.django_db(transaction=True)
def test_implementation_report_page_and_pdf(live_server, client):
    district = DistrictFactory()
    user = UserFactory(district=district, role=roles.STEERING_GROUP)
    selected = selected_plan(district, user)
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = f"{live_server.url}{reverse('steering:report')}?year=2026&as_of={AS_OF.isoformat()}"
    p50, p95 = timed_requests(url, session_key, count=10)
    print(
        f"\nimplementation report page, 2000 measures, {selected} selected, {connection.vendor}: "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms over 10 requests"
    )
    durations, size = [], 0
    for _ in range(PDF_RUNS):
        start = time.perf_counter()
        report = implementation_report(district=district, year=2026, as_of=AS_OF)
        size = len(report_pdf(report))
        durations.append(time.perf_counter() - start)
    print(
        f"implementation report PDF, {selected} measures: median {statistics.median(durations):.1f} s, "
        f"fastest {min(durations):.1f} s, slowest {max(durations):.1f} s over {PDF_RUNS} renders, {size // 1024} KB"
    )
