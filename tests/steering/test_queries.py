"""Every workspace page costs the same number of queries for the seed's size (38 measures) and for 2,000."""

import pytest
from django.urls import reverse

from actionplan.models import Indicator, Measure

from ..factories import UserFactory, build_plan
from ..queries import count_queries
from .factories import AnnualSelectionFactory, CommentFactory, IndicatorCheckFactory

# Session, user, and the user's own and their groups' permissions in one query: the same for every page.
REQUEST_OVERHEAD = 3
EXPECTED = {
    # plan, fields, measure counts, indicator counts
    "overview": REQUEST_OVERHEAD + 4,
    # plan, selection years, page count, measures, responsibilities, selections,
    # and the filter form's choices: fields, actors, target groups, themes
    "list": REQUEST_OVERHEAD + 10,
    # ... and the chosen actor, looked up when the filter is validated
    "filtered list": REQUEST_OVERHEAD + 11,
    # measure, indicators, checks, responsibilities, reports, comments, selections, themes,
    # the change history of measure, challenge, indicators, responsibilities and reports,
    # the newest record of each of these (the key of the kept history), and the participation findings the
    # measure answers
    "measure page": REQUEST_OVERHEAD + 15,
    # plan, selection years, chosen actor, the count (a longer list goes to a job), measures,
    # responsibilities, selections
    "xlsx": REQUEST_OVERHEAD + 7,
}


def workspace_with_plan(district, measures):
    build_plan(district=district, measures=measures, fields=9)
    user = UserFactory(district=district, role="Steuerungsgruppe")
    measure = Measure.objects.for_user(user).order_by("pk")[5]
    AnnualSelectionFactory(district=district, measure=measure, year=2026)
    CommentFactory(district=district, measure=measure, author=user)
    CommentFactory(district=district, measure=measure)
    IndicatorCheckFactory(district=district, indicator=Indicator.objects.filter(measure=measure).first())
    actor = measure.responsibilities.get(role="lead").actor
    urls = {
        "overview": reverse("steering:overview"),
        "list": reverse("steering:measure_list"),
        "filtered list": reverse("steering:measure_list")
        + f"?status=planned&actor={actor.pk}&role=lead&year=2026&open_comments=true&q=Maßnahme",
        "measure page": reverse("steering:measure_detail", args=[measure.pk]),
        "xlsx": reverse("steering:export_xlsx") + f"?actor={actor.pk}",
    }
    return user, urls


def page_queries(client, user, url):
    client.force_login(user)
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    if "measures" in (response.context or {}):
        assert len(response.context["measures"]) > 0
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_plan(client, district, other_district, settings):
    settings.EXPORT_JOB_THRESHOLD = 5000  # both lists are exported at once, not by a job
    small_user, small_urls = workspace_with_plan(district, 38)
    large_user, large_urls = workspace_with_plan(other_district, 2000)
    counts = {
        page: (page_queries(client, small_user, small_urls[page]), page_queries(client, large_user, large_urls[page]))
        for page in EXPECTED
    }
    assert counts == {page: (expected, expected) for page, expected in EXPECTED.items()}
