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
