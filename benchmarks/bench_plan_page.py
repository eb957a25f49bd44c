"""Server time of the plan page for a plan the size of the seed (38 measures) and a large one (2,000).

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://… make bench`. Prints figures, never fails on speed.
"""

import statistics
import time

import pytest
from django.db import connection

from tests.factories import DistrictFactory, UserFactory, build_plan

REQUESTS = 30


def measure(client, url):
    durations = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    durations.sort()
    return statistics.median(durations), durations[int(len(durations) * 0.95) - 1]


@pytest.mark.django_db
@pytest.mark.parametrize("measures", [38, 2000])
def test_plan_page_server_time(client, measures):
    district = DistrictFactory()
    plan = build_plan(district=district, measures=measures)
    client.force_login(UserFactory(district=district))
    client.get(plan.get_absolute_url())  # warm-up: templates compiled, caches filled
    p50, p95 = measure(client, plan.get_absolute_url())
    print(
        f"\nplan page, {measures} measures, {connection.vendor}: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"over {REQUESTS} requests"
    )
