"""The plan page: what it shows, who may read it, and that its cost does not grow with the plan."""

import pytest

from actionplan.models import ActionPlan, Responsibility

from .. import factories
from ..queries import count_queries


@pytest.fixture
def plan_measure(district):
    """A draft plan with one measure of the seed plan, as KIT staff entered it."""
    challenge = factories.ChallengeFactory(
        district=district,
        field__name="Ausbildung",
        field__plan__status=ActionPlan.Status.DRAFT,
        field__plan__title="Integration im Fokus",
        text="Fehlende Sprachkenntnisse",
    )
    measure = factories.MeasureFactory(
        district=district,
        challenge=challenge,
        text="Bedarfsgerechte Sprachförderung für Personen vor und während einer Ausbildung",
        target_group=factories.TargetGroupFactory(district=district, name="Schulpflichtige Schüler und Auszubildende"),
    )
    for order, (heading, text) in enumerate(
        [
            ("Förderung vor der Ausbildung:", "zusätzliche Sprachkurse schaffen vor Ort"),
            ("Förderung während der Ausbildung:", "Assistierte Ausbildung (AsA)"),
        ]
    ):
        factories.IndicatorFactory(district=district, measure=measure, group_heading=heading, text=text, order=order)
    factories.ResponsibilityFactory(
        district=district,
        measure=measure,
        actor=factories.ActorFactory(district=district, name="Angebotsträger"),
        order=1,
    )
    factories.ResponsibilityFactory(
        district=district,
        measure=measure,
        actor=factories.ActorFactory(
            district=district, name="Koordinierungsstelle Integration und Teilhabe", short_name="KIT"
        ),
        role=Responsibility.Role.SUPPORTING,
        order=2,
    )
    return measure


@pytest.mark.django_db
def test_plan_page_shows_the_four_column_table(client, kit_user, plan_measure):
    client.force_login(kit_user)
    plan = plan_measure.challenge.field.plan
    response = client.get(plan.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Integration im Fokus</h1>" in content
    for header in ["Problem/Herausforderung", "Maßnahme", "Indikatoren", "Zuständigkeit"]:
        assert f'<th scope="col">{header}</th>' in content
    assert "Fehlende Sprachkenntnisse" in content
    assert "Zielgruppe: Schulpflichtige Schüler und Auszubildende" in content
    assert '<p class="indicator-heading">Förderung vor der Ausbildung:</p>' in content
    assert "<li>Assistierte Ausbildung (AsA)" in content
    assert '<span class="role">Verantwortlich:</span> <span class="actor">Angebotsträger</span>' in content
    # The full name with the short name, as the plan document names the office.
    kit = '<span class="actor">Koordinierungsstelle Integration und Teilhabe (KIT)</span>'
    assert f'<span class="role">Begleitend:</span> {kit}' in content
    assert "ENTWURF" in content


@pytest.mark.django_db
def test_public_reads_adopted_plans_only(client, plan_measure):
    plan = plan_measure.challenge.field.plan
    assert client.get(plan.get_absolute_url()).status_code == 404
    plan.status = ActionPlan.Status.ADOPTED
    plan.save()
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "ENTWURF" not in response.content.decode()


@pytest.mark.django_db
def test_other_districts_users_do_not_read_drafts(client, other_kit_user, plan_measure):
    client.force_login(other_kit_user)
    plan = plan_measure.challenge.field.plan
    assert client.get(plan.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    assert plan.title not in home


@pytest.mark.django_db
@pytest.mark.parametrize("role_user", ["steering_user", "committee_user", "kit_user"])
def test_every_role_of_the_district_reads_drafts(client, request, role_user, plan_measure):
    client.force_login(request.getfixturevalue(role_user))
    plan = plan_measure.challenge.field.plan
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert plan.title in client.get("/").content.decode()


@pytest.mark.django_db
def test_plan_url_with_another_districts_slug_is_404(client, plan_measure, other_district):
    plan = plan_measure.challenge.field.plan
    plan.status = ActionPlan.Status.ADOPTED
    plan.save()
    assert client.get(f"/districts/{other_district.slug}/plans/{plan.pk}/").status_code == 404


def count_plan_page_queries(client, plan):
    with count_queries() as queries:
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_the_plan(client, logged_in, small_and_large_plan):
    small, large = small_and_large_plan
    small_count, _ = count_plan_page_queries(client, small)
    large_count, response = count_plan_page_queries(client, large)
    # plan, contributors, fields, challenges, measures, indicators, responsibilities,
    # the participation findings the measures answer, the decision that adopted it, the plan's versions
    # (+ session and user)
    expected = 12 if logged_in else 10
    assert small_count == large_count == expected
    assert response.content.decode().count('class="cell-measure"') == 2000


@pytest.mark.django_db
def test_figures_show_only_what_is_set(client, kit_user, plan_measure):
    meetings = {"district": kit_user.district, "measure": plan_measure, "unit": "Treffen im Jahr"}
    factories.IndicatorFactory(**meetings, text="Treffen des Arbeitskreises", actual=10)
    factories.IndicatorFactory(**meetings, text="Berufsinformationsbörse", target=12, actual=9)
    client.force_login(kit_user)
    content = client.get(plan_measure.challenge.field.plan.get_absolute_url()).content.decode()
    assert '<span class="figures">(Ist 10 Treffen im Jahr)</span>' in content
    assert '<span class="figures">(Ziel 12, Ist 9 Treffen im Jahr)</span>' in content


@pytest.mark.django_db
def test_challenge_sub_points_show_with_and_without_measures(client, kit_user, plan_measure):
    field = plan_measure.challenge.field
    factories.ChallengeFactory(
        district=kit_user.district,
        field=field,
        text="Weiterführende Maßnahmen für Jugendliche ohne Schulabschluss werden benötigt",
        sub_points="Fehlende Schulbesuchsjahre\nFehlende Vorschulbildung",
    )
    client.force_login(kit_user)
    content = client.get(field.plan.get_absolute_url()).content.decode()
    assert "<li>Fehlende Schulbesuchsjahre</li><li>Fehlende Vorschulbildung</li>" in content
    assert "Noch keine Maßnahme." in content


@pytest.mark.django_db
def test_sub_fields_are_listed_under_their_parent(client, kit_user, plan_measure):
    plan = plan_measure.challenge.field.plan
    parent = factories.FieldOfActionFactory(
        district=kit_user.district, plan=plan, name="Kinder und Jugendliche", order=10
    )
    child = factories.FieldOfActionFactory(
        district=kit_user.district, plan=plan, parent=parent, name="Frühkindliche Bildung", order=11
    )
    factories.ChallengeFactory(district=kit_user.district, field=child, text="Familien brauchen mehr Unterstützung")
    client.force_login(kit_user)
    content = client.get(plan.get_absolute_url()).content.decode()
    assert "<h3>Kinder und Jugendliche – Frühkindliche Bildung</h3>" in content
    assert f'<ol class="toc__sub"><li><a href="#field-{child.pk}">Frühkindliche Bildung</a></li></ol>' in content


@pytest.mark.django_db
def test_home_invites_to_log_in_in_german(client, district):
    content = client.get("/").content.decode()
    assert "Beschlossene Pläne sind öffentlich." in content
    assert 'href="/accounts/login/"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "district"])
def test_overview_pages_queries_do_not_grow_with_the_plans(client, kit_user, district, page):
    client.force_login(kit_user)
    url = "/" if page == "home" else district.get_absolute_url()
    factories.build_plan(district=district, measures=1)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        factories.build_plan(district=district, measures=1)
    with count_queries() as many:
        response = client.get(url)
    assert response.content.decode().count("/plans/") >= 6
    assert len(few) == len(many)
