"""Factories for the test suite: districts, users in their roles, and plans of any size."""

import factory
from django.contrib.auth.models import Group

from actionplan import models
from integration_portal import roles
from integration_portal.models import District, User

PASSWORD = "correct-horse-battery-staple"


def same_district(parent_factory, **fields):
    """The parent a factory makes for its row: in the row's own district, as the models require."""
    return factory.SubFactory(parent_factory, district=factory.SelfAttribute("..district"), **fields)


def numbered(label):
    """“Maßnahme 0”, “Maßnahme 1”, …: a distinct text for each row."""
    return factory.Sequence(lambda n: f"{label} {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["slug"]

    name = numbered("Kreis Beispiel")
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


class OrderedFactory(DistrictOwnedFactory):
    """A row kept in the order of its siblings: each new one comes last."""

    class Meta:
        abstract = True

    order = factory.Sequence(lambda n: n)


def owned_factory(model, **declarations):
    """The factory of a district-owned `model` from its `declarations`, for models that need only a few."""
    return factory.make_factory(model, FACTORY_CLASS=DistrictOwnedFactory, **declarations)


def ordered_factory(model, **declarations):
    """The same for a model whose rows are kept in the order of their siblings."""
    return factory.make_factory(model, FACTORY_CLASS=OrderedFactory, **declarations)


ActorFactory = owned_factory(models.Actor, name=numbered("Träger"))
TargetGroupFactory = owned_factory(models.TargetGroup, name=numbered("Zielgruppe"))
CrossCuttingThemeFactory = owned_factory(models.CrossCuttingTheme, name=numbered("Querschnittsthema"))
IntegrationConceptFactory = owned_factory(models.IntegrationConcept, title=numbered("Integrationskonzept"), year=2020)
GoalFactory = owned_factory(models.Goal, concept=same_district(IntegrationConceptFactory), title=numbered("Oberziel"))


class ActionPlanFactory(DistrictOwnedFactory):
    class Meta:
        model = models.ActionPlan

    title = numbered("Aktionsplan")
    introduction = "Einleitung des Aktionsplans."
    period_start = 2025
    # A draft unless the test adopts it: an adopted plan is frozen and its content cannot be edited.
    status = models.ActionPlan.Status.DRAFT


# The plan's tree: each row under a parent in its own district, numbered and in order.
FieldOfActionFactory = ordered_factory(
    models.FieldOfAction, plan=same_district(ActionPlanFactory), name=numbered("Handlungsfeld")
)
ChallengeFactory = ordered_factory(
    models.Challenge, field=same_district(FieldOfActionFactory), text=numbered("Herausforderung")
)
MeasureFactory = ordered_factory(models.Measure, challenge=same_district(ChallengeFactory), text=numbered("Maßnahme"))
IndicatorFactory = ordered_factory(models.Indicator, measure=same_district(MeasureFactory), text=numbered("Indikator"))
ResponsibilityFactory = owned_factory(
    models.Responsibility,
    measure=same_district(MeasureFactory),
    actor=same_district(ActorFactory),
    role=models.Responsibility.Role.LEAD,
)


class AdoptedMeasureFactory(MeasureFactory):
    """A measure of an adopted plan: public, and frozen."""

    challenge = same_district(ChallengeFactory, field__plan__status=models.ActionPlan.Status.ADOPTED)


class ProgressReportFactory(DistrictOwnedFactory):
    class Meta:
        model = models.ProgressReport

    measure = same_district(MeasureFactory)
    date = factory.Faker("date_this_year")
    status = models.Measure.Status.IN_PROGRESS
    text = "Sachstand: Die Maßnahme läuft."


def build_plan(*, district, measures, fields=10, status=models.ActionPlan.Status.ADOPTED):
    """A plan with the given number of measures, each with two indicators and two responsibilities.

    Rows are bulk-inserted so that plans of thousands of measures take seconds, not minutes.
    """
    plan = ActionPlanFactory(district=district, status=status)
    actors = models.Actor.objects.bulk_create(
        models.Actor(district=district, name=f"Akteur {plan.pk}-{i}", short_name=f"A{i}") for i in range(5)
    )
    group = TargetGroupFactory(district=district)
    field_rows = models.FieldOfAction.objects.bulk_create(
        models.FieldOfAction(district=district, plan=plan, name=f"Handlungsfeld {i}", order=i) for i in range(fields)
    )
    challenge_rows = models.Challenge.objects.bulk_create(
        models.Challenge(district=district, field=field_rows[i % fields], text=f"Herausforderung {i}", order=i)
        for i in range(max(1, measures // 2))
    )
    measure_rows = models.Measure.objects.bulk_create(
        models.Measure(
            district=district,
            challenge=challenge_rows[i % len(challenge_rows)],
            text=f"Maßnahme {i}",
            order=i,
            target_group=group if i % 3 == 0 else None,
        )
        for i in range(measures)
    )
    models.Indicator.objects.bulk_create(
        models.Indicator(
            district=district,
            measure=measure,
            text=f"Indikator {measure.pk}-{j}",
            group_heading="Teil A:" if j else "",
            order=j,
        )
        for measure in measure_rows
        for j in range(2)
    )
    models.Responsibility.objects.bulk_create(
        models.Responsibility(
            district=district, measure=measure, actor=actors[(measure.pk + j) % 5], role=role, order=j
        )
        for measure in measure_rows
        for j, role in enumerate([models.Responsibility.Role.LEAD, models.Responsibility.Role.SUPPORTING])
    )
    return plan


def one_of_each(district, plan_status=models.ActionPlan.Status.DRAFT):
    """One object of every district-owned model, linked as in a real plan: {model: instance}."""
    report = ProgressReportFactory(district=district, measure__challenge__field__plan__status=plan_status)
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
    contribution = models.Contribution.objects.create(district=district, plan=plan, actor=responsibility.actor)
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
