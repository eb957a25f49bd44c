"""Visitors get the public plan page kept whole: no database work, and every change they could see shows on
their next page load. Nobody else ever gets the kept page."""

import pytest
from django.core.cache import cache
from django.test import Client

from actionplan import plan_tables, public_pages
from actionplan.models import ActionPlan, Contribution
from actionplan.plan_tables import generation_key

from ..factories import ActorFactory
from ..queries import count_queries
from .test_versions import adopt, build_adopted_plan, revise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def plan(district, kit_user):
    plan = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    adopt(plan, kit_user)
    return plan


def page(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def visitor_with_kept_page(plan):
    """A visitor after the plan's page has been visited, so that the page is kept."""
    visitor = Client()
    page(visitor, plan)
    page(visitor, plan)
    return visitor


def test_a_visitor_gets_the_kept_page_without_the_database(plan):
    visitor = Client()
    first = page(visitor, plan)  # rendered; from now on the plan's page is kept
    assert page(visitor, plan) == first  # rendered and kept
    with count_queries() as queries:
        again = page(visitor, plan)
    assert queries == []
    assert again == first
    assert "Sprachkitas ausbauen" in again and "Fassung 1, beschlossen vom" in again


def test_an_address_of_no_plan_leaves_nothing_in_the_cache(plan):
    visitor = Client()
    for _attempt in range(3):
        assert visitor.get(plan.get_absolute_url().replace(f"/{plan.pk}/", "/987654/")).status_code == 404
    assert cache.get(generation_key(987654)) is None
    assert not [key for key in cache._cache if "987654" in key]


def test_another_spelling_of_the_address_is_rendered_for_itself(plan):
    visitor = visitor_with_kept_page(plan)
    odd = plan.get_absolute_url().replace(f"/{plan.pk}/", f"/00{plan.pk}/")
    with count_queries() as queries:
        response = visitor.get(odd)
    assert response.status_code == 200 and queries
    assert f"?next={odd}" in response.content.decode()
    assert f"?next={odd}" not in page(visitor, plan)


def test_a_renamed_contributor_shows_at_once(plan):
    visitor = visitor_with_kept_page(plan)
    actor = plan.contributions.get().actor
    actor.name = "Volkshochschule Neu"
    actor.save()
    assert "Volkshochschule Neu" in page(visitor, plan)


def test_a_new_release_does_not_serve_the_page_the_old_one_kept(plan, monkeypatch):
    visitor = visitor_with_kept_page(plan)
    monkeypatch.setattr(public_pages, "release", lambda: "next-release")
    monkeypatch.setattr(plan_tables, "release", lambda: "next-release")
    with count_queries() as queries:
        page(visitor, plan)
    assert queries, "rendered by the new release"


def test_the_council_decision_and_its_committee_show_at_once(plan):
    visitor = Client()
    page(visitor, plan)
    assert "Fassung 1, beschlossen vom" in page(visitor, plan)
    committee = plan.council_papers.get().consultations.get(role="decision").committee
    committee.short_name = "Kreistag Neu"
    committee.save()
    assert "beschlossen vom Kreistag Neu" in page(visitor, plan)


def test_contributors_show_at_once(plan, district):
    visitor = visitor_with_kept_page(plan)
    actor = ActorFactory(district=district, name="VHS")
    Contribution.objects.create(district=district, plan=plan, actor=actor, order=9)
    assert "VHS" in page(visitor, plan)


def test_a_revision_adopted_marks_the_kept_old_page_superseded(plan, kit_client, kit_user):
    visitor = Client()
    page(visitor, plan)
    assert "ersetzt durch" not in page(visitor, plan)
    revise(kit_client, plan)
    revision = ActionPlan.objects.get(predecessor=plan)
    adopt(revision, kit_user, day=30)
    assert "ersetzt durch" in page(visitor, plan)


def test_a_plan_taken_off_the_public_pages_is_gone_for_visitors_at_once(plan):
    visitor = visitor_with_kept_page(plan)
    plan.status = ActionPlan.Status.DRAFT
    plan.save()
    assert visitor.get(plan.get_absolute_url()).status_code == 404


def test_the_kept_page_answers_only_its_own_address(plan, other_district):
    visitor = visitor_with_kept_page(plan)
    url = plan.get_absolute_url().replace(f"/{plan.district.slug}/", f"/{other_district.slug}/")
    assert visitor.get(url).status_code == 404


def test_logged_in_users_and_visitors_with_a_session_or_a_message_get_their_own_page(plan, kit_client):
    visitor = Client()
    page(visitor, plan)
    kept = page(visitor, plan)
    assert "Abmelden" not in kept
    assert "Abmelden (kit-a)" in page(kit_client, plan)
    with_message = Client()
    with_message.cookies["messages"] = "any"
    with count_queries() as queries:
        page(with_message, plan)
    assert queries, "a visitor with a message waiting is shown a page of their own"
    with count_queries() as queries:
        visitor.get(plan.get_absolute_url() + "?print=1")
    assert queries, "an address with a query is rendered for it"
    # Nothing the logged-in user saw was kept for visitors.
    assert page(Client(), plan) == kept
