"""Forms of the workspace; crispy-forms renders them (Bootstrap 5 markup styled by the portal's CSS)."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from actionplan.models import Indicator
from integration_portal import limits
from integration_portal.concurrency import TOKEN_FIELD, ConcurrencyFormMixin
from integration_portal.validators import not_in_the_future

from .report import default_as_of


class CrispyMixin:
    submit_label = _("Save")

    def __init__(self, *args, action="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        # Ids after the form (comment, selection, …): a page with several forms has each id once.
        name = type(self).__name__.removesuffix("Form").lower()
        self.helper.form_id = f"{name}-form"
        self.helper.add_input(Submit("submit", self.submit_label, css_id=f"{name}-submit"))


class CrispyForm(CrispyMixin, forms.Form):
    pass


class CommentForm(CrispyForm):
    submit_label = _("Post comment")

    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.TEXT,
        help_text=_("Author and time are shown with the comment. You can edit it for a short while."),
    )


class SelectionForm(CrispyForm):
    submit_label = _("Select for this year")

    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, help_text=_("The year the measure is prioritised for.")
    )
    decision_date = forms.DateField(
        label=_("Date of decision"),
        validators=[not_in_the_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Decision note"),
        required=False,
        max_length=limits.SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the steering group prioritised the measure."),
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year + 1, "decision_date": today})
        super().__init__(*args, **kwargs)


class IndicatorCheckForm(ConcurrencyFormMixin, forms.ModelForm):
    """A check updates the indicator, so it is refused when the indicator changed since the form opened.

    Its page renders the fields with `|crispy` and writes its own buttons.
    """

    date = forms.DateField(
        label=_("Date of check"),
        validators=[not_in_the_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Indicator.Status.choices)
    actual = forms.DecimalField(
        label=_("Actual value"),
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("Only for indicators with a unit."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=limits.SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Indicator
        fields = ["status", "actual"]

    def __init__(self, *args, indicator, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, instance=indicator, **kwargs)
        if not indicator.unit:
            del self.fields["actual"]
        else:
            # Forms render help texts as HTML, so the unit typed by staff is escaped here.
            self.fields["actual"].help_text = _("Unit: %(unit)s") % {"unit": escape(indicator.unit)}

    def has_changed(self):
        # Every check is saved, even one that repeats the current status.
        return True

    def check_data(self):
        """The entered check, without the version token."""
        return {name: value for name, value in self.cleaned_data.items() if name in self.fields and name != TOKEN_FIELD}


class ReportForm(forms.Form):
    """Year and reference date of the implementation report (GET: the page works without JavaScript)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    as_of = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Figures as of this date. Empty: today, or the year's last day once the year is over."),
    )

    def year_and_as_of(self) -> tuple[int, datetime.date]:
        """The valid form's year and Stichtag; an empty Stichtag is its default as of today."""
        year = self.cleaned_data["year"]
        return year, self.cleaned_data["as_of"] or default_as_of(year=year)

    def clean(self):
        cleaned = super().clean()
        year, as_of = cleaned.get("year"), cleaned.get("as_of")
        if year and as_of and as_of.year < year:
            self.add_error(
                "as_of",
                _("The reference date must not lie before the report's year %(year)s.") % {"year": year},
            )
        return cleaned
