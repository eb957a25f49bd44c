"""Server time of the steering group's workspace for a generated plan of 2,000 measures.

Requests go over HTTP to a live server thread, as a browser's would. Run with `make bench` (SQLite) or
`DATABASE_URL=postgres://… make bench`. Prints p50 and p95 per page (target p95 ≤ 150 ms on two cores);
never fails on speed.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from actionplan.models import Measure
from integration_portal import roles
from steering.models import AnnualSelection, Comment
from tests.factories import DistrictFactory, UserFactory, build_plan

from .bench_plan_page import REQUESTS, timed_requests


@pytest.mark.django_db(transaction=True)
def test_steering_pages_server_time(live_server, client):
    district = DistrictFactory()
    build_plan(district=district, measures=2000)
    user = UserFactory(district=district, role=roles.STEERING_GROUP)
    measures = list(Measure.objects.filter(district=district).order_by("pk")[:200])
    AnnualSelection.objects.bulk_create(
        AnnualSelection(district=district, measure=measure, year=2026, decision_date="2025-11-20")
        for measure in measures[::2]
    )
    Comment.objects.bulk_create(
        Comment(district=district, measure=measure, author=user, text="Frage zur Umsetzung") for measure in measures
    )
    actor = measures[0].responsibilities.order_by("pk").first().actor
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    pages = {
        "overview": reverse("steering:overview"),
        "list": reverse("steering:measure_list"),
        "filtered list": reverse("steering:measure_list")
        + f"?actor={actor.pk}&role=lead&status=planned&year=2026&q=Ma%C3%9Fnahme",
        "measure page": reverse("steering:measure_detail", args=[measures[0].pk]),
    }
    for name, path in pages.items():
        p50, p95 = timed_requests(f"{live_server.url}{path}", session_key)
        print(
            f"\nsteering {name}, 2000 measures, {connection.vendor}: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
            f"over {REQUESTS} requests"
        )
