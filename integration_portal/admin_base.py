"""The one base of every admin of district-owned data: scoping, history with restore, edit-conflict checks.

Order matters and lives here only: the conflict check wraps the form first, the history admin keeps
who changed what and offers restore, and the district scoping narrows every queryset, choice and save.
A new model admin writes `class XAdmin(PortalModelAdmin)`; sortable admins put `SortableAdminBase` first.
"""

from django.contrib import admin

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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and object_id.isdigit():
            # A restore saves over the current row: locked like every object loaded for a save.
            list(locked(self.get_queryset(request).filter(pk=object_id)).values_list("pk", flat=True))
        return super().history_form_view(request, object_id, version_id, extra_context)


class _PortalInlineMixin(ConcurrencyInlineMixin, DistrictScopedInlineMixin):
    """Scoped rows whose edits are checked against newer versions; read-only inlines carry no token."""

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj) or self.has_add_permission(request, obj):
            return fields
        return [name for name in fields if name != TOKEN_FIELD]


class PortalInline(_PortalInlineMixin, admin.TabularInline):
    """A table of child rows of a district-owned object."""


class PortalStackedInline(_PortalInlineMixin, admin.StackedInline):
    """Child rows of a district-owned object, one form below the other."""
