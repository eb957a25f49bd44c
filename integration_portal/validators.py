"""Validators shared by the apps' models and forms."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_the_future(value):
    """Decisions and checks are recorded once they happened: a later date would keep them out of every report
    until that day."""
    if value > timezone.localdate():
        raise ValidationError(_("The date must not be in the future."), code="future_date")
