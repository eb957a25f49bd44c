"""An adopted plan and its draft revision with one hand-made change of each kind."""

from actionplan.models import ActionPlan, Challenge, FieldOfAction, Measure, Responsibility

from .. import factories
from .revisions import revise

CAFE, PATRONAGE = "Sprachcafé in Eckernförde einrichten", "Lernpatenschaften in Rendsburg vermitteln"
HEADING = "Förderung vor der Ausbildung:"
# Each change of the scenario as the Synopse names it, in German.
NOTES = [
    "Maßnahme geändert: Text",
    f"Indikator verschoben: bisher: „{HEADING}“",
    "Zuständigkeit geändert: Rolle",
    "Maßnahme verschoben: bisher: Arbeit › Lange Wege in Arbeit",
    "Handlungsfeld umbenannt: Name",
    "Maßnahme aufgeteilt: in 2 Maßnahmen; Text",
]


def adopted_plan(district) -> ActionPlan:
    plan = factories.ActionPlanFactory(
        district=district, title="Integration im Fokus", status=ActionPlan.Status.ADOPTED
    )
    language = factories.FieldOfActionFactory(district=district, plan=plan, name="Sprache", order=1)
    work = factories.FieldOfActionFactory(district=district, plan=plan, name="Arbeit", order=2)
    courses = factories.ChallengeFactory(district=district, field=language, text="Zu wenige Sprachkurse", order=1)
    ways = factories.ChallengeFactory(district=district, field=work, text="Lange Wege in Arbeit", order=1)
    parents = factories.MeasureFactory(
        district=district, challenge=courses, text="Drei Sprachkurse pro Jahr für Eltern anbieten", order=1
    )
    factories.MeasureFactory(district=district, challenge=courses, text=f"{CAFE} und {PATRONAGE}", order=2)
    factories.MeasureFactory(district=district, challenge=ways, text="Jobmesse für Zugewanderte", order=1)
    factories.MeasureFactory(district=district, challenge=ways, text="Bewerbungstraining im Jobcenter", order=2)
    factories.IndicatorFactory(
        district=district, measure=parents, group_heading=HEADING, text="Anzahl der Kurse", order=1
    )
    factories.IndicatorFactory(
        district=district, measure=parents, group_heading=HEADING, text="Teilnehmende Eltern", order=2
    )
    vhs, kit = (
        factories.ActorFactory(district=district, name="Volkshochschule"),
        factories.ActorFactory(district=district, name="KIT"),
    )
    factories.ResponsibilityFactory(
        district=district, measure=parents, actor=vhs, role=Responsibility.Role.LEAD, order=1
    )
    factories.ResponsibilityFactory(
        district=district, measure=parents, actor=kit, role=Responsibility.Role.SUPPORTING, order=2
    )
    return plan


def revised_with_each_change(plan: ActionPlan) -> ActionPlan:
    """The draft revision of `plan` with a word changed, an indicator moved to another sub-heading, a role
    changed, a measure moved to another field, a field renamed and a measure split in two."""
    draft = revise(plan)
    measures = {m.text: m for m in Measure.objects.filter(challenge__field__plan=draft)}
    parents = measures["Drei Sprachkurse pro Jahr für Eltern anbieten"]
    Measure.objects.filter(pk=parents.pk).update(text="Vier Sprachkurse pro Jahr für Eltern anbieten")
    parents.indicators.filter(text="Teilnehmende Eltern").update(group_heading="Förderung in der Ausbildung:")
    parents.responsibilities.filter(role=Responsibility.Role.SUPPORTING).update(role=Responsibility.Role.LEAD)
    courses = Challenge.objects.get(field__plan=draft, text="Zu wenige Sprachkurse")
    Measure.objects.filter(pk=measures["Jobmesse für Zugewanderte"].pk).update(challenge=courses, order=5)
    FieldOfAction.objects.filter(plan=draft, name="Sprache").update(name="Sprache und Bildung")
    Measure.objects.filter(pk=measures[f"{CAFE} und {PATRONAGE}"].pk).update(text=CAFE)
    factories.MeasureFactory(district=plan.district, challenge=courses, text=PATRONAGE, order=3)
    return draft
