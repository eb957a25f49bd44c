"""Malformed input gets a clear answer instead of a server error.

- NUL bytes: PostgreSQL refuses them in any string ("A string literal cannot contain NUL"), and no form or
  filter of the portal has a use for them; `RefuseNulBytesMiddleware` answers 400 before any view runs.
- Admin autocomplete fields: a value that cannot be a key of the related model (`challenge=abc`) is a
  form error; the widget leaves it out when the form is shown again, instead of failing on the lookup.
- Admin change lists: a filter value that is none of the filter's choices (`?field=abc`), or a year beyond
  the calendar (`?date__year=99…9`), is refused as the admin refuses any wrong filter parameter.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

NUL = "\x00"


def _has_nul(items) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in items)


def bad_request(request, exception=None):
    """The German 400 page (handler400 and the middleware below)."""
    return TemplateResponse(request, "400.html", status=400)


class RefuseNulBytesMiddleware:
    """Answers 400 to a NUL byte in the path, a query parameter or a posted field (names and values)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path
            or _has_nul(request.GET.lists())
            or (request.method == "POST" and _has_nul(request.POST.lists()))
        ):
            return bad_request(request).render()
        return self.get_response(request)


class KeyCheckingAutocompleteMixin:
    """Shows only selected values that can be keys of the related model; the form reports the others."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._is_key(v)], attr)

    def _is_key(self, value) -> bool:
        options = self.field.remote_field.model._meta
        target = options.get_field(getattr(self.field.remote_field, "field_name", options.pk.attname))
        try:
            target.run_validators(target.to_python(value))
        except (ValidationError, ValueError, TypeError):
            return False
        return True


class PortalAutocompleteSelect(KeyCheckingAutocompleteMixin, AutocompleteSelect):
    pass


class PortalAutocompleteSelectMultiple(KeyCheckingAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class PortalChangeList(ChangeList):
    """The admin's change list, refusing filter values it would otherwise fail on with a server error."""

    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except OverflowError as error:  # the date hierarchy's year, month or day beyond what a date holds
            raise IncorrectLookupParameters(error) from error
        for spec in filters[0]:
            if isinstance(spec, admin.SimpleListFilter) and spec.value() is not None:
                if spec.value() not in {str(value) for value, _title in spec.lookup_choices}:
                    raise IncorrectLookupParameters(f"{spec.parameter_name}: not one of the filter's choices")
        return filters
