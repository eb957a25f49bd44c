"""Factories of the steering group's records."""

import datetime

import factory

from steering.models import AnnualSelection, Comment, IndicatorCheck

from ..factories import DistrictOwnedFactory, IndicatorFactory, MeasureFactory, UserFactory


class CommentFactory(DistrictOwnedFactory):
    class Meta:
        model = Comment

    measure = factory.SubFactory(MeasureFactory, district=factory.SelfAttribute("..district"))
    author = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..district"))
    text = factory.Sequence(lambda n: f"Frage {n} der Steuerungsgruppe")


class AnnualSelectionFactory(DistrictOwnedFactory):
    class Meta:
        model = AnnualSelection

    measure = factory.SubFactory(MeasureFactory, district=factory.SelfAttribute("..district"))
    year = 2026
    decision_date = datetime.date(2025, 11, 20)
    note = "Priorität wegen hoher Nachfrage"


class IndicatorCheckFactory(DistrictOwnedFactory):
    class Meta:
        model = IndicatorCheck

    indicator = factory.SubFactory(IndicatorFactory, district=factory.SelfAttribute("..district"))
    date = datetime.date(2026, 3, 1)
    status = "in_progress"
