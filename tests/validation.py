"""What a model's validation refuses, as the admin's form would show it."""

import pytest
from django.core.exceptions import ValidationError


def refusals(obj, **options):
    """The messages by field with which `obj.full_clean(**options)` refuses the object; fails if it accepts it."""
    with pytest.raises(ValidationError) as error:
        obj.full_clean(**options)
    return error.value.message_dict
