"""Forms of participation records that both the finding admin and the format's inline use."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Finding


class FindingForm(forms.ModelForm):
    """A finding is either answered by measures or says why not: never neither (see the note's help text)."""

    class Meta:
        model = Finding
        fields = ["measures", "note"]  # the admin passes its own field list

    def clean(self):
        cleaned = super().clean()
        if "measures" in self.fields and not cleaned.get("measures") and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note",
                ValidationError(
                    _("Choose the measures that answer the finding, or say here why it was not taken up."),
                    code="neither_measure_nor_note",
                ),
            )
        return cleaned
