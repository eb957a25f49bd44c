"""The one base of every admin of district-owned data: scoping, history with restore, edit-conflict checks.

Order matters and lives here only: the conflict check wraps the form first, the history admin keeps
who changed what and offers restore, and the district scoping narrows every queryset, choice and save.
A new model admin writes `class XAdmin(PortalModelAdmin)`; sortable admins put `SortableAdminBase` first.
"""

import functools

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.utils import ErrorDict

from .admin_labels import name_date_and_time
from .concurrency import TOKEN_FIELD, ConcurrencyAdminMixin, ConcurrencyInlineMixin, locked
from .history import DistrictHistoryAdmin, is_restored_version
from .scoping import DistrictScopedAdmin, DistrictScopedInlineMixin


class PortalModelAdmin(ConcurrencyAdminMixin, DistrictHistoryAdmin, DistrictScopedAdmin):
    """Scoped to the user's district, with history and restore, refusing saves over newer versions."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return name_date_and_time(super().formfield_for_dbfield(db_field, request, **kwargs))

    def is_restore(self, request, obj) -> bool:
        # The restore form shows a historical version but saves over the current one.
        return is_restored_version(obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            inline_formset.__class__ = _InlineRowsMedia
        return inline_formsets

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and object_id.isdigit():
            # A restore saves over the current row: locked like every object loaded for a save.
            list(locked(self.get_queryset(request).filter(pk=object_id)).values_list("pk", flat=True))
        return super().history_form_view(request, object_id, version_id, extra_context)


class _PortalInlineMixin(ConcurrencyInlineMixin, DistrictScopedInlineMixin):
    """Scoped rows whose edits are checked against newer versions; read-only inlines carry no token."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _RowAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (_UnchangedRowForm, _StoredChoicesForm, formset.form), {})
        return type(formset.__name__, (_OneEmptyForm, formset), {})

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj) or self.has_add_permission(request, obj):
            return fields
        return [name for name in fields if name != TOKEN_FIELD]


class PortalInline(_PortalInlineMixin, admin.TabularInline):
    """A table of child rows of a district-owned object."""


class PortalStackedInline(_PortalInlineMixin, admin.StackedInline):
    """Child rows of a district-owned object, one form below the other."""


class _OneEmptyForm:
    """The template row for "add another" built once per formset: Django builds it anew on every access, and the
    admin's page and media ask for it several times."""

    @functools.cached_property
    def empty_form(self):
        return super().empty_form


class _RowAutocompleteSelect(AutocompleteSelect):
    """An inline row's autocomplete box that shows the row's stored choice from the row itself (loaded with
    `select_related`), where Django reads it again for every row. Any other value is looked up as Django does."""

    known = {}  # value → label of the row's stored choice, set by _StoredChoicesForm

    def optgroups(self, name, value, attr=None):
        selected = [str(item) for item in value if str(item) not in self.choices.field.empty_values]
        if not selected or not set(selected) <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in selected:
            options.append(self.create_option(name, key, self.known[key], True, len(options)))
        return [(None, options, 0)]


class _StoredChoicesForm:
    """Gives each of the row's autocomplete boxes the row's stored choice, as loaded with the row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside Django's add/change links
            if not isinstance(widget, _RowAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            related = getattr(self.instance, name) if model_field.is_cached(self.instance) else None
            if related is not None:
                key = str(getattr(self.instance, model_field.attname))
                widget.known = {key: field.label_from_instance(related)}


class _UnchangedRowForm:
    """A stored row sent back as it was shown is not validated again: Django's formset does not save it, and each
    of its choices, foreign keys and checks would read the database once more (four queries a row of a measure's
    responsibilities). Django treats an untouched extra row alike. A changed or deleted row is validated."""

    def full_clean(self):
        if self.is_bound and self.instance.pk is not None and not self.has_changed():
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()


class _InlineRowsMedia(helpers.InlineAdminFormSet):
    """An inline's scripts and styles from its first row: every row has the same widgets and fieldsets, and
    Django's merge of each row's media in turn costs as much as rendering the rows."""

    @property
    def media(self):
        media = self.opts.media + self.formset.media
        first = next(iter(self), None)
        return media + first.media if first is not None else media
