import pytest

from actionplan.models import Responsibility

from .. import factories


def _measure(field, challenge, text, *, lead, **fields):
    """A measure under a new challenge of `field`, led by the actor `lead`."""
    fields |= {"challenge__field": field, "challenge__text": challenge}
    measure = factories.MeasureFactory(district=field.district, text=text, **fields)
    factories.ResponsibilityFactory(district=field.district, measure=measure, actor=lead, role=Responsibility.Role.LEAD)
    return measure


@pytest.fixture
def small_plan(district):
    """Two fields (one with a sub-field), measures with actors in roles, a target group and a theme."""
    language = factories.FieldOfActionFactory(district=district, name="Sprache", order=1)
    plan = language.plan
    work = factories.FieldOfActionFactory(district=district, plan=plan, name="Arbeit", order=2)
    early = factories.FieldOfActionFactory(district=district, plan=plan, parent=work, name="Berufseinstieg", order=3)
    jobcenter = factories.ActorFactory(
        district=district, name="Jobcenter Rendsburg- Eckernförde", short_name="Jobcenter"
    )
    kit = factories.ActorFactory(
        district=district, name="Koordinierungsstelle Integration und Teilhabe", short_name="KIT"
    )
    pupils = factories.TargetGroupFactory(district=district, name="Schulpflichtige Schüler und Auszubildende")
    women = factories.CrossCuttingThemeFactory(district=district, name="Frauen")
    courses = _measure(
        language,
        "Angebote zur Sprachförderung sind in der Fläche teilweise unbekannt",
        "Schaffung von Transparenz der Sprachkurs-Landschaft",
        status="planned",
        lead=kit,
    )
    factories.ResponsibilityFactory(
        district=district, measure=courses, actor=jobcenter, role=Responsibility.Role.SUPPORTING
    )
    factories.IndicatorFactory(district=district, measure=courses, text="regelhafte Sprachkursabfrage bei den Trägern")
    factories.IndicatorFactory(
        district=district, measure=courses, text="Weitergabe der Informationen", status="achieved"
    )
    jobs = _measure(
        work,
        "Fachkräfte finden schwer Arbeit",
        "Beratung zur Anerkennung ausländischer Abschlüsse",
        status="in_progress",
        lead=jobcenter,
        target_group=pupils,
    )
    jobs.cross_cutting_themes.add(women)
    factories.IndicatorFactory(
        district=district,
        measure=jobs,
        text="Beratungen pro Jahr",
        unit="Beratungen",
        target=120,
        group_heading="Arbeit:",
    )
    entry = _measure(
        early,
        "Übergang Schule–Beruf gelingt selten",
        "Praktikumsbörse für junge Geflüchtete",
        status="completed",
        lead=kit,
    )
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
    return factories.build_plan(district=district, measures=38, fields=9)
