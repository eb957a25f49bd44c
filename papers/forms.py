from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Consultation, CouncilPaper, ReferenceCounter


class PaperFilterForm(forms.Form):
    """Filters of the paper list; choices only from the user's district."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Reference or words of the subject"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None, required=False, empty_label=_("all"))
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False, empty_label=_("all"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, statuses, committees, meetings, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *statuses]
        self.fields["committee"].queryset = committees
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda meeting: f"{meeting.date:%d.%m.%Y} {meeting.title}"
        self.fields["year"].choices = [("", _("all")), *((year, year) for year in years)]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "paper-filter"
        self.helper.attrs = {"aria-label": _("Filter papers")}
        self.helper.wrapper_class = "paper-filter__field"
        self.helper.layout = Layout(
            "q",
            "status",
            "committee",
            "meeting",
            "year",
            StrictButton(_("Apply filters"), type="submit", css_class="btn-primary"),
        )


class ConsultationResultForm(forms.ModelForm):
    """A Beratungsfolge row in the admin: its agenda item, and the result once the paper is released."""

    RESULT_FIELDS = ("outcome", "votes_yes", "votes_no", "abstentions", "amended_text", "date")

    class Meta:
        model = Consultation
        fields = ["agenda_item", "date", "outcome", "votes_yes", "votes_no", "abstentions", "amended_text"]

    def result_changed(self):
        """Whether the result differs from the saved row (also when restoring an earlier version)."""
        saved = Consultation.objects.filter(pk=self.instance.pk).values(*self.RESULT_FIELDS).first() or {}
        return any(self.cleaned_data.get(name) != saved.get(name) for name in self.RESULT_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.result_changed():
            services.check_results_allowed(paper=self.instance.paper)
        return cleaned


class CouncilPaperAddForm(forms.ModelForm):
    """A new paper: numbered by the district's scheme, or keeping its reference from an earlier system."""

    existing_reference = forms.CharField(
        label=_("existing reference"),
        max_length=100,
        required=False,
        help_text=_("Only for a paper from an earlier system, e.g. “2017/FB3/0433”; empty: the next number."),
    )

    class Meta:
        model = CouncilPaper
        fields = []  # the admin passes the fields of its fieldsets

    def clean_existing_reference(self):
        reference = self.cleaned_data["existing_reference"].strip()
        if reference:
            services.check_reference_free(district=self.instance.district, reference=reference)
        return reference


class ReferenceCounterForm(forms.ModelForm):
    class Meta:
        model = ReferenceCounter
        fields = ["scheme", "year", "last_number"]
        help_texts = {"last_number": _("The next paper of this year gets the number after it.")}

    def clean(self):
        cleaned = super().clean()
        # On change, scheme and year are read-only and come from the counter itself.
        scheme = cleaned.get("scheme") or (self.instance.scheme if self.instance.scheme_id else None)
        year = cleaned.get("year") or self.instance.year
        last_number = cleaned.get("last_number")
        if scheme and year and last_number is not None:
            try:
                services.check_counter_value(scheme=scheme, year=year, last_number=last_number)
            except ValidationError as error:
                self.add_error("last_number", error)
        return cleaned
