"""The steering group's own records: comments on measures, the annual selection, indicator checks."""

from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actionplan.models import Indicator, Measure
from integration_portal import limits
from integration_portal.limits import LimitedTextField
from integration_portal.models import DistrictOwnedModel, user_link
from integration_portal.validators import not_in_the_future


def measure_page_url(measure_id: int, anchor: str) -> str:
    """Where a record of the steering group is shown: its place on the measure's page in the workspace."""
    return reverse("steering:measure_detail", kwargs={"pk": measure_id}) + f"#{anchor}"


class Comment(DistrictOwnedModel):
    """A steering group member's remark or question on a measure; KIT staff mark it answered."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="steering_comments", verbose_name=_("measure")
    )
    author = user_link(_("author"), related_name="steering_comments", blank=False)
    text = LimitedTextField(
        _("comment"), max_length=limits.TEXT, help_text=_("Your remark or question on this measure.")
    )
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, help_text=_("Set when KIT staff mark the comment as answered.")
    )
    answered_by = user_link(_("answered by"))

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return Truncator(self.text).chars(60)

    def get_absolute_url(self):
        return measure_page_url(self.measure_id, f"comment-{self.pk}")

    @property
    def is_open(self):
        return self.answered_at is None


class AnnualSelection(DistrictOwnedModel):
    """A measure prioritised by the steering group for one year (jährliche Auswahl der Maßnahmen)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="annual_selections", verbose_name=_("measure")
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the measure is prioritised for."))
    decision_date = models.DateField(
        _("date of decision"), validators=[not_in_the_future], help_text=_("When the steering group decided.")
    )
    note = LimitedTextField(
        _("decision note"), max_length=limits.SHORT_TEXT, blank=True, help_text=_("Why the measure was selected.")
    )
    decided_by = user_link(_("recorded by"), blank=False)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("annual selection")
        verbose_name_plural = _("annual selections")
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="annual_selection_unique_measure_year"),
        ]

    def __str__(self):
        return f"{self.year}: {self.measure}"

    def get_absolute_url(self):
        return measure_page_url(self.measure_id, "selection")


class IndicatorCheck(DistrictOwnedModel):
    """A dated check of an indicator: its status and, for measurable indicators, the actual value."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="checks", verbose_name=_("indicator")
    )
    date = models.DateField(_("date of check"), validators=[not_in_the_future])
    status = models.CharField(_("status"), max_length=20, choices=Indicator.Status.choices)
    actual = models.DecimalField(
        _("actual value"), max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("Value found.")
    )
    note = LimitedTextField(_("note"), max_length=limits.SHORT_TEXT, blank=True)
    checked_by = user_link(_("recorded by"), blank=False)

    class Meta:
        ordering = ["-date", "-pk"]
        get_latest_by = ["date", "pk"]
        verbose_name = _("indicator check")
        verbose_name_plural = _("indicator checks")

    def __str__(self):
        return f"{self.indicator} – {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return measure_page_url(self.indicator.measure_id, f"indicator-{self.indicator_id}")
