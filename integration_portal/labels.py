"""How a saved field value reads for people: in an object's history and in an edit conflict's message."""

import datetime

from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext


def value_label(field_obj, value):
    """`value` of the model field `field_obj` as the admin shows it: choice labels, related objects by name,
    yes/no, German dates and numbers in local time, a translated text as its field says, "–" for nothing."""
    if value is None or value == "" or value == {}:
        return "–"
    if hasattr(field_obj, "value_label"):
        return field_obj.value_label(value)
    if getattr(field_obj, "choices", None):
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if field_obj.is_relation and not field_obj.many_to_many:
        if hasattr(value, "pk"):
            return str(value)
        related = field_obj.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(localize(value))
