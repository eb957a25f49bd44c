"""The plan page keeps each field's table in the cache: every change shows on the next page load, and
nobody is shown the tables rendered for somebody who may see more."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actionplan import exports
from actionplan.models import ActionPlan, Indicator, Measure

from .. import factories
from ..admin_forms import measure_form_data
from ..participation.factories import FindingFactory
from ..queries import count_queries
from .excel_helpers import xlsx_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def measure(district):
    """A measure of an adopted plan, with an indicator with figures and a responsible actor."""
    measure = factories.MeasureFactory(
        district=district,
        challenge=factories.ChallengeFactory(
            district=district, field__plan__status=ActionPlan.Status.ADOPTED, text="Fehlende Sprachkenntnisse"
        ),
        text="Sprachkurse vor Ort",
        target_group=factories.TargetGroupFactory(district=district, name="Neu Zugewanderte"),
    )
    factories.IndicatorFactory(district=district, measure=measure, text="Anzahl Kurse", unit="Kurse", target=12)
    factories.ResponsibilityFactory(
        district=district, measure=measure, actor=factories.ActorFactory(district=district, name="Jobcenter")
    )
    return measure


@pytest.fixture
def draft_measure(measure):
    """The measure with its plan still a draft, which KIT staff may edit: an adopted plan is frozen."""
    plan = plan_of(measure)
    plan.status = ActionPlan.Status.DRAFT
    plan.save()
    return measure


def _upload(data):
    return SimpleUploadedFile("plan.xlsx", data)


def page(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def visitor():
    """A browser of its own, never logged in (`client` is the one `kit_client` logs in)."""
    return Client()


def plan_of(measure):
    return measure.challenge.field.plan


def test_a_save_in_the_admin_shows_on_the_next_page_load(kit_client, draft_measure):
    measure = draft_measure
    plan = plan_of(measure)
    assert "Sprachkurse vor Ort" in page(kit_client, plan)
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    token = kit_client.get(url).context["adminform"].form["version_token"].value()
    data = measure_form_data(measure, text="Sprachkurse im Quartier", status="completed", version_token=token)
    assert kit_client.post(url, data).status_code == 302

    content = page(kit_client, plan)
    assert "Sprachkurse im Quartier" in content and "Sprachkurse vor Ort" not in content
    assert '<span class="badge badge--completed">abgeschlossen</span>' in content


def test_a_measure_deleted_in_the_admin_is_gone_at_once(kit_client, draft_measure):
    measure = draft_measure
    plan = plan_of(measure)
    assert "Sprachkurse vor Ort" in page(kit_client, plan)
    url = reverse("admin:actionplan_measure_delete", args=[measure.pk])
    assert kit_client.post(url, {"post": "yes"}).status_code == 302
    content = page(kit_client, plan)
    assert 'class="cell-measure"' not in content and "Fehlende Sprachkenntnisse" in content


def test_a_measure_moved_to_another_plan_leaves_the_one_and_joins_the_other(client, district, measure):
    old_plan = plan_of(measure)
    other = factories.ChallengeFactory(district=district, field__plan__status=ActionPlan.Status.ADOPTED)
    assert "Sprachkurse vor Ort" in page(client, old_plan)
    assert "Sprachkurse vor Ort" not in page(client, other.field.plan)

    measure.challenge = other
    measure.save()

    assert "Sprachkurse vor Ort" not in page(client, old_plan)
    assert "Sprachkurse vor Ort" in page(client, other.field.plan)


def test_indicator_checks_of_the_steering_group_show_at_once(client, steering_user, measure):
    plan = plan_of(measure)
    assert "Ist 30" not in page(client, plan)
    client.force_login(steering_user)
    url = reverse("steering:indicator_check", args=[measure.indicators.get().pk])
    assert client.post(url, {"date": "2026-06-30", "status": "achieved", "actual": "30"}).status_code == 302
    client.logout()
    assert "(Ziel 12, Ist 30 Kurse)" in page(client, plan)


def test_an_excel_import_shows_at_once(demo_plan, demo_client):
    before = page(demo_client, demo_plan)
    header, rows = exports.plan_rows(demo_plan)
    assert rows[0][2] in before
    rows[0][2] = "Eine im Import umformulierte Maßnahme"
    rows[0][4] += "\n- Ein neuer Indikator aus dem Import"
    url = reverse("admin:actionplan_import", args=[demo_plan.pk])
    preview = demo_client.post(url, {"file": _upload(xlsx_file([header, *rows]))})
    assert demo_client.post(url, {"confirm": "1", "token": preview.context["token"]}).status_code == 302

    content = page(demo_client, demo_plan)
    assert "Eine im Import umformulierte Maßnahme" in content
    assert "Ein neuer Indikator aus dem Import" in content


def test_a_restore_from_the_history_shows_at_once(kit_client, draft_measure):
    measure = draft_measure
    plan = plan_of(measure)
    version = measure.history.latest()
    measure.text = "Zweite Fassung"
    measure.save()
    Indicator.objects.filter(measure=measure).delete()
    assert "Zweite Fassung" in page(kit_client, plan)

    url = reverse("admin:actionplan_measure_simple_history", args=[measure.pk, version.history_id])
    token = kit_client.get(url).context["adminform"].form["version_token"].value()
    assert (
        kit_client.post(url, measure_form_data(measure, text="Sprachkurse vor Ort", version_token=token)).status_code
        == 302
    )

    content = page(kit_client, plan)
    assert "Sprachkurse vor Ort" in content and "Zweite Fassung" not in content
    assert "Anzahl Kurse" in content


def test_names_of_actors_target_groups_fields_and_challenges_show_at_once(client, measure):
    plan = plan_of(measure)
    page(client, plan)
    responsibility = measure.responsibilities.get()
    responsibility.actor.name = "Jobcenter Rendsburg-Eckernförde"
    responsibility.actor.save()
    measure.target_group.name = "Familien"
    measure.target_group.save()
    measure.challenge.text = "Lange Wartezeiten"
    measure.challenge.save()
    field = measure.challenge.field
    field.name = "Sprache und Bildung"
    field.save()

    content = page(client, plan)
    assert '<span class="actor">Jobcenter Rendsburg-Eckernförde</span>' in content
    assert "Zielgruppe: Familien" in content
    assert "Lange Wartezeiten" in content and "Fehlende Sprachkenntnisse" not in content
    assert '<caption class="visually-hidden">Sprache und Bildung</caption>' in content


def test_findings_linked_changed_and_unlinked_show_at_once(client, district, measure):
    plan = plan_of(measure)
    finding = FindingFactory(district=district, text="Mehr Kurse am Abend")
    assert "Mehr Kurse am Abend" not in page(client, plan)
    finding.measures.add(measure)
    assert "Mehr Kurse am Abend" in page(client, plan)
    finding.text = "Kurse auch am Abend"
    finding.save()
    finding.format.title = "Zukunftskonferenz"
    finding.format.save()
    content = page(client, plan)
    assert "Kurse auch am Abend" in content and "(Zukunftskonferenz, 25.03.2025)" in content
    finding.measures.clear()
    assert "Kurse auch am Abend" not in page(client, plan)


def test_a_process_made_non_public_takes_its_findings_off_the_public_page(client, district, measure):
    plan = plan_of(measure)
    finding = FindingFactory(district=district, text="Mehr Kurse am Abend")
    finding.measures.add(measure)
    assert "Mehr Kurse am Abend" in page(client, plan)
    process = finding.format.process
    process.is_public = False
    process.save()
    assert "Mehr Kurse am Abend" not in page(client, plan)


@pytest.fixture
def internal_finding(district, measure):
    """A finding of a non-public process: only the district's own users see it on the plan page."""
    finding = FindingFactory(district=district, format__process__is_public=False, text="Interne Forderung der Runde")
    finding.measures.add(measure)
    return finding


@pytest.mark.parametrize("first", ["visitor", "district user"])
def test_visitors_and_the_districts_users_each_see_their_own_tables(
    visitor, kit_client, measure, internal_finding, first
):
    plan = plan_of(measure)
    order = [visitor, kit_client] if first == "visitor" else [kit_client, visitor]
    for _ in range(2):  # the second round reads from the cache
        pages = {id(c): page(c, plan) for c in order}
        assert "Interne Forderung der Runde" not in pages[id(visitor)]
        assert "Interne Forderung der Runde" in pages[id(kit_client)]


def test_another_districts_user_sees_its_own_tables(kit_client, other_district, measure, internal_finding):
    plan = plan_of(measure)
    # A finding of the other district's own non-public process, linked to this measure.
    theirs = FindingFactory(
        district=other_district, format__process__is_public=False, text="Forderung aus dem Nachbarkreis"
    )
    theirs.measures.add(measure)
    assert "Interne Forderung der Runde" in page(kit_client, plan)
    neighbour = Client()
    neighbour.force_login(factories.UserFactory(district=other_district))
    for _ in range(2):
        content = page(neighbour, plan)
        assert "Forderung aus dem Nachbarkreis" in content
        assert "Interne Forderung der Runde" not in content
    assert "Forderung aus dem Nachbarkreis" not in page(kit_client, plan)


def test_a_draft_cached_for_the_district_never_reaches_visitors(visitor, kit_client, measure):
    plan = plan_of(measure)
    plan.status = ActionPlan.Status.DRAFT
    plan.save()
    measure.text = "Noch nicht beschlossene Fassung"
    measure.save()
    content = page(kit_client, plan)
    assert "ENTWURF" in content and "Noch nicht beschlossene Fassung" in content
    assert visitor.get(plan.get_absolute_url()).status_code == 404

    plan.status = ActionPlan.Status.ADOPTED
    plan.save()
    public = page(visitor, plan)
    assert "ENTWURF" not in public and "Noch nicht beschlossene Fassung" in public
    assert "Verwaltung" not in public and "Abmelden" not in public
    assert "Abmelden" in page(kit_client, plan)


def count_page_queries(client, plan):
    with count_queries() as queries:
        page(client, plan)
    return len(queries)


def test_the_page_costs_a_fixed_number_of_queries_cold_and_warm(client, logged_in, small_and_large_plan):
    small, large = small_and_large_plan
    cold = [count_page_queries(client, small), count_page_queries(client, large)]
    warm = [count_page_queries(client, small), count_page_queries(client, large)]
    # Cold: plan, contributors, fields, the plan's versions, then the tables' challenges, measures, indicators,
    # responsibilities and findings, and the decision that adopted the plan (+ session and user when logged in).
    # Warm: the tables come from the cache, none of their five queries is run; a visitor gets the whole page
    # kept by the first visit (actionplan.public_pages): no query at all.
    session = 2 if logged_in else 0
    assert cold == [10 + session] * 2
    assert warm == ([5 + session] * 2 if logged_in else [0, 0])


def test_a_cold_cache_renders_each_table_once_per_audience(client, district, measure):
    plan = plan_of(measure)
    factories.FieldOfActionFactory(district=district, plan=plan, name="Gesundheit")
    page(client, plan)
    keys = [key for key in cache._cache if ":actionplan:table:" in key]
    assert len(keys) == 2  # the field with the measure and the empty one
    page(client, plan)
    assert len([key for key in cache._cache if ":actionplan:table:" in key]) == 2


def test_a_table_from_the_cache_is_the_table_rendered_fresh(client, measure, internal_finding):
    plan = plan_of(measure)
    cold = page(client, plan)
    assert page(client, plan) == cold
    cache.clear()
    assert page(client, plan) == cold


def test_links_by_role_stay_with_the_user_not_with_the_cached_tables(kit_client, steering_user, measure):
    plan = plan_of(measure)
    assert '<a href="/admin/">Verwaltung</a>' in page(kit_client, plan)
    steering = Client()
    steering.force_login(steering_user)
    content = page(steering, plan)
    assert "Sprachkurse vor Ort" in content
    assert '<a href="/admin/">Verwaltung</a>' not in content
    assert f"Abmelden ({steering_user.username})" in content


def test_bulk_writes_that_send_no_signals_show_at_once(visitor, district, measure):
    plan = plan_of(measure)
    other = factories.ChallengeFactory(district=district, field__plan__status=ActionPlan.Status.ADOPTED)
    assert "Sprachkurse vor Ort" in page(visitor, plan)
    Measure.objects.filter(pk=measure.pk).update(text="Sprachkurse per update()")
    assert "Sprachkurse per update()" in page(visitor, plan)
    measure.refresh_from_db()
    measure.status = Measure.Status.PAUSED
    Measure.objects.bulk_update([measure], ["status"])
    assert '<span class="badge badge--paused">pausiert</span>' in page(visitor, plan)
    Indicator.objects.bulk_create([Indicator(district=district, measure=measure, text="Per bulk_create", order=9)])
    assert "Per bulk_create" in page(visitor, plan)

    page(visitor, other.field.plan)
    Measure.objects.filter(pk=measure.pk).update(challenge=other)
    assert "Sprachkurse per update()" not in page(visitor, plan)
    assert "Sprachkurse per update()" in page(visitor, other.field.plan)
