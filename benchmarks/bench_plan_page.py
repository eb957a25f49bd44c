"""Server time of the plan page for a plan the size of the seed (38 measures) and a large one (2,000).

Requests go over HTTP to a live server thread, as a browser's would: the test client's template
instrumentation would add its own cost. Run with `make bench` (SQLite) or
`DATABASE_URL=postgres://… make bench`. Prints figures, never fails on speed.
"""

import pytest
from django.conf import settings
from django.db import connection

from benchmarks.timing import timed_requests
from tests.factories import DistrictFactory, UserFactory, build_plan

REQUESTS = 30


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("measures", [38, 2000])
def test_plan_page_server_time(live_server, client, measures):
    district = DistrictFactory()
    plan = build_plan(district=district, measures=measures)
    client.force_login(UserFactory(district=district))
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    p50, p95 = timed_requests(f"{live_server.url}{plan.get_absolute_url()}", session_key, count=REQUESTS)
    print(
        f"\nplan page, {measures} measures, {connection.vendor}: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"over {REQUESTS} requests"
    )
