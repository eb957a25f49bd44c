"""Factories of the steering group's records."""

import datetime

import factory

from steering.models import AnnualSelection, Comment, IndicatorCheck

from ..factories import DistrictOwnedFactory, IndicatorFactory, MeasureFactory, UserFactory, same_district


class CommentFactory(DistrictOwnedFactory):
    class Meta:
        model = Comment

    measure = same_district(MeasureFactory)
    author = same_district(UserFactory)
    text = factory.Sequence(lambda n: f"Frage {n} der Steuerungsgruppe")


class AnnualSelectionFactory(DistrictOwnedFactory):
    class Meta:
        model = AnnualSelection

    measure = same_district(MeasureFactory)
    year = 2026
    decision_date = datetime.date(2025, 11, 20)
    note = "Priorität wegen hoher Nachfrage"


class IndicatorCheckFactory(DistrictOwnedFactory):
    class Meta:
        model = IndicatorCheck

    indicator = same_district(IndicatorFactory)
    date = datetime.date(2026, 3, 1)
    status = "in_progress"
