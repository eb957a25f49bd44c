"""The one place that scopes admin querysets, choices, filters and saves to the user's district.

Querysets are narrowed by `DistrictQuerySet.for_user`; the mixins below apply it to everything the
admin shows or accepts, so no admin class filters by hand.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404

from .admin_labels import NamedRowFieldsMixin
from .bad_input import PortalAutocompleteSelect, PortalAutocompleteSelectMultiple, PortalChangeList
from .models import DistrictQuerySet


def is_district_owned(model):
    """Whether rows of the model belong to a district (plan data, papers, users, …)."""
    return model is not None and isinstance(model._default_manager.all(), DistrictQuerySet)


def scope(queryset, user):
    """The queryset narrowed to the user's district, where its model belongs to a district."""
    if isinstance(queryset, DistrictQuerySet):
        return queryset.for_user(user)
    return queryset


def _relation_target(model, lookup):
    """The model a `a__b__c` lookup ends on, or None if it is not a relation."""
    target = None
    for name in lookup.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not field.is_relation:
            return None
        target = model = field.related_model
    return target


class DistrictFormMixin:
    """Gives every new instance the user's district before validation, so `clean()` can check links."""

    district = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.district_id is None:
            self.instance.district = self.district


class DistrictScopedMixin:
    """Shared by model admins and inlines: scoped rows, scoped choices, district set from the user."""

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped_choices(db_field, request, PortalAutocompleteSelect, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped_choices(db_field, request, PortalAutocompleteSelectMultiple, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped_choices(self, db_field, request, autocomplete_widget, kwargs):
        """The relation field's arguments: only the user's district's objects, searched by the portal's widget."""
        if is_district_owned(db_field.related_model) and "queryset" not in kwargs:
            kwargs["queryset"] = scope(db_field.related_model._default_manager.all(), request.user)
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = autocomplete_widget(db_field, self.admin_site, using=kwargs.get("using"))
        return kwargs

    def _district_form(self, form, request):
        return type(form.__name__, (DistrictFormMixin, form), {"district": request.user.district})


class DistrictScopedAdmin(DistrictScopedMixin, admin.ModelAdmin):
    """Base of every model admin of district-owned data."""

    def get_changelist(self, request, **kwargs):
        return PortalChangeList

    def get_form(self, request, obj=None, **kwargs):
        return self._district_form(super().get_form(request, obj, **kwargs), request)

    def get_object(self, request, object_id, from_field=None):
        # Another district's object does not exist for this user: 404 instead of the admin's redirect.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_list_filter(self, request):
        # Related filters offer only what the (scoped) change list holds, never another district's objects.
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and is_district_owned(_relation_target(self.model, entry)):
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def save_model(self, request, obj, form, change):
        obj.district = request.user.district
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance.district = request.user.district
        super().save_formset(request, form, formset, change)


class DistrictScopedInlineMixin(DistrictScopedMixin):
    """Base of every inline of district-owned data."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self._district_form(formset.form, request)
        return type(formset.__name__, (NamedRowFieldsMixin, formset), {})


class DistrictScopedTabularInline(DistrictScopedInlineMixin, admin.TabularInline):
    pass


class DistrictScopedStackedInline(DistrictScopedInlineMixin, admin.StackedInline):
    pass
