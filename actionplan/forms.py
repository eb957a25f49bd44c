"""The Synopse's filter: which two versions, which field of action, changed items only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .synopsis.snapshot import version_name


class SynopsisFilterForm(forms.Form):
    """A GET form that works without JavaScript; unknown values fall back to the defaults."""

    old = forms.TypedChoiceField(label=_("Earlier version"), coerce=int, required=False)
    new = forms.TypedChoiceField(label=_("New version"), coerce=int, required=False)
    field = forms.ChoiceField(label=_("Field of action"), required=False)
    changed = forms.BooleanField(label=_("Changed items only"), required=False)

    def __init__(self, *args, versions, fields, **kwargs):
        super().__init__(*args, **kwargs)
        version_choices = [(version.version, version_name(version)) for version in versions]
        self.fields["old"].choices = [("", _("adopted version")), *version_choices]
        self.fields["new"].choices = [("", _("current draft")), *version_choices]
        self.fields["field"].choices = [("", _("all")), *fields]

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None
