"""Factories for the test suite: districts, users in their roles, and plans of any size."""

import factory
from django.contrib.auth.models import Group

from actionplan.models import (
    ActionPlan,
    Actor,
    Challenge,
    CrossCuttingTheme,
    FieldOfAction,
    Goal,
    Indicator,
    IntegrationConcept,
    Measure,
    ProgressReport,
    Responsibility,
    TargetGroup,
)
from integration_portal import roles
from integration_portal.models import District, User

PASSWORD = "correct-horse-battery-staple"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kreis Beispiel {n}")
    short_name = factory.Sequence(lambda n: f"KB{n}")
    slug = factory.Sequence(lambda n: f"kreis-beispiel-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    district = factory.SubFactory(DistrictFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`role=roles.KIT_STAFF` puts the user in that group; KIT staff also get admin access."""
        if not create or not extracted:
            return
        self.groups.add(Group.objects.get(name=extracted))
        if extracted == roles.KIT_STAFF:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class DistrictOwnedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    district = factory.SubFactory(DistrictFactory)


class ActorFactory(DistrictOwnedFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Träger {n}")


class TargetGroupFactory(DistrictOwnedFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Zielgruppe {n}")


class CrossCuttingThemeFactory(DistrictOwnedFactory):
    class Meta:
        model = CrossCuttingTheme

    name = factory.Sequence(lambda n: f"Querschnittsthema {n}")


class IntegrationConceptFactory(DistrictOwnedFactory):
    class Meta:
        model = IntegrationConcept

    title = factory.Sequence(lambda n: f"Integrationskonzept {n}")
    year = 2020


class GoalFactory(DistrictOwnedFactory):
    class Meta:
        model = Goal

    concept = factory.SubFactory(IntegrationConceptFactory, district=factory.SelfAttribute("..district"))
    title = factory.Sequence(lambda n: f"Oberziel {n}")


class ActionPlanFactory(DistrictOwnedFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Aktionsplan {n}")
    introduction = "Einleitung des Aktionsplans."
    period_start = 2025
    status = ActionPlan.Status.ADOPTED


class FieldOfActionFactory(DistrictOwnedFactory):
    class Meta:
        model = FieldOfAction

    plan = factory.SubFactory(ActionPlanFactory, district=factory.SelfAttribute("..district"))
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    order = factory.Sequence(lambda n: n)


class ChallengeFactory(DistrictOwnedFactory):
    class Meta:
        model = Challenge

    field = factory.SubFactory(FieldOfActionFactory, district=factory.SelfAttribute("..district"))
    text = factory.Sequence(lambda n: f"Herausforderung {n}")
    order = factory.Sequence(lambda n: n)


class MeasureFactory(DistrictOwnedFactory):
    class Meta:
        model = Measure

    challenge = factory.SubFactory(ChallengeFactory, district=factory.SelfAttribute("..district"))
    text = factory.Sequence(lambda n: f"Maßnahme {n}")
    order = factory.Sequence(lambda n: n)


class IndicatorFactory(DistrictOwnedFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory, district=factory.SelfAttribute("..district"))
    text = factory.Sequence(lambda n: f"Indikator {n}")
    order = factory.Sequence(lambda n: n)


class ResponsibilityFactory(DistrictOwnedFactory):
    class Meta:
        model = Responsibility

    measure = factory.SubFactory(MeasureFactory, district=factory.SelfAttribute("..district"))
    actor = factory.SubFactory(ActorFactory, district=factory.SelfAttribute("..district"))
    role = Responsibility.Role.LEAD


class ProgressReportFactory(DistrictOwnedFactory):
    class Meta:
        model = ProgressReport

    measure = factory.SubFactory(MeasureFactory, district=factory.SelfAttribute("..district"))
    date = factory.Faker("date_this_year")
    status = Measure.Status.IN_PROGRESS
    text = "Sachstand: Die Maßnahme läuft."


def build_plan(*, district, measures, fields=10, status=ActionPlan.Status.ADOPTED):
    """A plan with the given number of measures, each with two indicators and two responsibilities.

    Rows are bulk-inserted so that plans of thousands of measures take seconds, not minutes.
    """
    plan = ActionPlanFactory(district=district, status=status)
    actors = Actor.objects.bulk_create(
        Actor(district=district, name=f"Akteur {plan.pk}-{i}", short_name=f"A{i}") for i in range(5)
    )
    group = TargetGroupFactory(district=district)
    field_rows = FieldOfAction.objects.bulk_create(
        FieldOfAction(district=district, plan=plan, name=f"Handlungsfeld {i}", order=i) for i in range(fields)
    )
    challenge_rows = Challenge.objects.bulk_create(
        Challenge(district=district, field=field_rows[i % fields], text=f"Herausforderung {i}", order=i)
        for i in range(max(1, measures // 2))
    )
    measure_rows = Measure.objects.bulk_create(
        Measure(
            district=district,
            challenge=challenge_rows[i % len(challenge_rows)],
            text=f"Maßnahme {i}",
            order=i,
            target_group=group if i % 3 == 0 else None,
        )
        for i in range(measures)
    )
    Indicator.objects.bulk_create(
        Indicator(
            district=district,
            measure=measure,
            text=f"Indikator {measure.pk}-{j}",
            group_heading="Teil A:" if j else "",
            order=j,
        )
        for measure in measure_rows
        for j in range(2)
    )
    Responsibility.objects.bulk_create(
        Responsibility(district=district, measure=measure, actor=actors[(measure.pk + j) % 5], role=role, order=j)
        for measure in measure_rows
        for j, role in enumerate([Responsibility.Role.LEAD, Responsibility.Role.SUPPORTING])
    )
    return plan


def one_of_each(district):
    """One object of every district-owned model, linked as in a real plan: {model: instance}."""
    from actionplan.models import Contribution

    report = ProgressReportFactory(district=district)
    measure = report.measure
    plan = measure.challenge.field.plan
    goal = GoalFactory(district=district)
    plan.concept = goal.concept
    plan.save()
    theme = CrossCuttingThemeFactory(district=district)
    measure.cross_cutting_themes.add(theme)
    measure.goals.add(goal)
    indicator = IndicatorFactory(district=district, measure=measure)
    responsibility = ResponsibilityFactory(district=district, measure=measure)
    contribution = Contribution.objects.create(district=district, plan=plan, actor=responsibility.actor)
    measure.target_group = TargetGroupFactory(district=district)
    measure.save()
    from steering.models import AnnualSelection, Comment, IndicatorCheck

    steering_records = [
        Comment.objects.create(district=district, measure=measure, text="Frage der Steuerungsgruppe"),
        AnnualSelection.objects.create(district=district, measure=measure, year=2026, decision_date="2025-11-20"),
        IndicatorCheck.objects.create(district=district, indicator=indicator, date="2026-03-01", status="open"),
    ]
    objects = [
        *steering_records,
        report,
        measure,
        measure.challenge,
        measure.challenge.field,
        plan,
        goal,
        goal.concept,
        theme,
        indicator,
        responsibility,
        responsibility.actor,
        contribution,
        measure.target_group,
    ]
    # Participation data of the district, linked to the plan above.
    from .papers.factories import paper_one_of_each
    from .participation.factories import one_of_each_participation

    objects += one_of_each_participation(district, measure=measure, field=measure.challenge.field)
    from integration_portal.jobs.models import Job

    objects.append(Job.objects.create(kind="paper_pdf", district=district, title="PDF der Vorlage", params={}))
    return {type(obj): obj for obj in objects} | paper_one_of_each(district)
