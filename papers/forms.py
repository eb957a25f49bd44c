from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _


class PaperFilterForm(forms.Form):
    """Filters of the paper list; choices only from the user's district."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None, required=False, empty_label=_("all"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, statuses, committees, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *statuses]
        self.fields["committee"].queryset = committees
        self.fields["year"].choices = [("", _("all")), *((year, year) for year in years)]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "paper-filter"
        self.helper.attrs = {"aria-label": _("Filter papers")}
        self.helper.wrapper_class = "paper-filter__field"
        self.helper.layout = Layout(
            "status", "committee", "year", StrictButton(_("Apply filters"), type="submit", css_class="btn-primary")
        )
