import pytest

from actionplan.models import Responsibility

from ..factories import (
    ActorFactory,
    CrossCuttingThemeFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    MeasureFactory,
    ResponsibilityFactory,
    TargetGroupFactory,
    build_plan,
)


@pytest.fixture
def steering_client(client, steering_user):
    client.force_login(steering_user)
    return client


@pytest.fixture
def committee_client(client, committee_user):
    client.force_login(committee_user)
    return client


@pytest.fixture
def small_plan(district):
    """Two fields (one with a sub-field), measures with actors in roles, a target group and a theme."""
    language = FieldOfActionFactory(district=district, name="Sprache", order=1)
    plan = language.plan
    work = FieldOfActionFactory(district=district, plan=plan, name="Arbeit", order=2)
    early = FieldOfActionFactory(district=district, plan=plan, parent=work, name="Berufseinstieg", order=3)
    jobcenter = ActorFactory(district=district, name="Jobcenter Rendsburg- Eckernförde", short_name="Jobcenter")
    kit = ActorFactory(district=district, name="Koordinierungsstelle Integration und Teilhabe", short_name="KIT")
    pupils = TargetGroupFactory(district=district, name="Schulpflichtige Schüler und Auszubildende")
    women = CrossCuttingThemeFactory(district=district, name="Frauen")
    courses = MeasureFactory(
        district=district,
        challenge__field=language,
        challenge__text="Angebote zur Sprachförderung sind in der Fläche teilweise unbekannt",
        text="Schaffung von Transparenz der Sprachkurs-Landschaft",
        status="planned",
    )
    ResponsibilityFactory(district=district, measure=courses, actor=kit, role=Responsibility.Role.LEAD)
    ResponsibilityFactory(district=district, measure=courses, actor=jobcenter, role=Responsibility.Role.SUPPORTING)
    IndicatorFactory(district=district, measure=courses, text="regelhafte Sprachkursabfrage bei den Trägern")
    IndicatorFactory(district=district, measure=courses, text="Weitergabe der Informationen", status="achieved")
    jobs = MeasureFactory(
        district=district,
        challenge__field=work,
        challenge__text="Fachkräfte finden schwer Arbeit",
        text="Beratung zur Anerkennung ausländischer Abschlüsse",
        status="in_progress",
        target_group=pupils,
    )
    jobs.cross_cutting_themes.add(women)
    ResponsibilityFactory(district=district, measure=jobs, actor=jobcenter, role=Responsibility.Role.LEAD)
    IndicatorFactory(
        district=district,
        measure=jobs,
        text="Beratungen pro Jahr",
        unit="Beratungen",
        target=120,
        group_heading="Arbeit:",
    )
    entry = MeasureFactory(
        district=district,
        challenge__field=early,
        challenge__text="Übergang Schule–Beruf gelingt selten",
        text="Praktikumsbörse für junge Geflüchtete",
        status="completed",
    )
    ResponsibilityFactory(district=district, measure=entry, actor=kit, role=Responsibility.Role.LEAD)
    return {
        "plan": plan,
        "language": language,
        "work": work,
        "early": early,
        "jobcenter": jobcenter,
        "kit": kit,
        "pupils": pupils,
        "women": women,
        "courses": courses,
        "jobs": jobs,
        "entry": entry,
    }


@pytest.fixture
def plan_38(district):
    return build_plan(district=district, measures=38, fields=9)
