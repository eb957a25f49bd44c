"""Accessible names for the fields of admin inline rows.

A tabular inline shows its labels once, as column headers, so a screen reader hears an unnamed field in
every row. Each field gets its name from the row and the column instead, e.g. "Indikator 3: Zielwert".
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext


def _innermost(widget: forms.Widget) -> forms.Widget:
    # The admin wraps related fields (add/change links); the name belongs on the real input.
    while hasattr(widget, "widget"):
        widget = widget.widget
    return widget


def row_field_name(verbose_name: str, row: int | None, field_label: str) -> str:
    """The accessible name of a field in an inline row; row is None for the template of new rows."""
    if row is None:
        return gettext("%(row)s (new): %(field)s") % {"row": capfirst(verbose_name), "field": field_label}
    return gettext("%(row)s %(number)d: %(field)s") % {
        "row": capfirst(verbose_name),
        "number": row,
        "field": field_label,
    }


class NamedRowFieldsMixin:
    """Formset mixin: every visible field of every row (and of the new-row template) gets its name."""

    def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
        super().add_fields(form, index)  # adds the delete and order fields, which need names too
        row = None if index is None else index + 1
        for field in form.fields.values():
            widget = _innermost(field.widget)
            if widget.is_hidden:
                continue
            label = str(field.label or "").rstrip("?:")
            widget.attrs["aria-label"] = row_field_name(self.model._meta.verbose_name, row, label)


def name_date_and_time(field: forms.Field | None) -> forms.Field | None:
    """The admin splits a date-time field into a date and a time input under one label: each gets its name."""
    widget = _innermost(field.widget) if field is not None else None
    if isinstance(widget, forms.SplitDateTimeWidget):
        label = str(field.label or "").rstrip("?:")
        date_input, time_input = widget.widgets
        date_input.attrs["aria-label"] = gettext("%(field)s: date") % {"field": label}
        time_input.attrs["aria-label"] = gettext("%(field)s: time") % {"field": label}
    return field
