"""The admin of adopted plans: read-only content with a message, and “Fortschreibung beginnen”."""

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integration_portal.history import is_restored_version

from . import freezing, services


def _form_fields(admin_object, request, obj) -> list[str]:
    if admin_object.fieldsets:
        return flatten_fieldsets(admin_object.fieldsets)
    return list(admin_object.fields or [])


class FrozenPlanAdminMixin:
    """A part of an adopted plan opens read-only, except what monitoring writes (`freezing.MONITORING_FIELDS`).

    Deleting and restoring an earlier version are refused; the page says how to start a revision.
    """

    # Monitoring the admin still offers on an adopted version (a plan's status is set by the decision).
    editable_when_frozen = ()

    def get_queryset(self, request):
        # With the plan the object belongs to: each of its pages asks whether that plan is frozen.
        plan_path = freezing.PLAN_PATHS[self.model._meta.model_name][0]
        queryset = super().get_queryset(request)
        return queryset.select_related(plan_path) if plan_path else queryset

    def get_object(self, request, object_id, from_field=None):
        # Read once per request: change_view asks whether it is frozen, then Django's view reads it again.
        kept = request.__dict__.setdefault("_frozen_plan_admin_objects", {})
        key = (self.model, object_id, from_field)
        if key not in kept:
            kept[key] = super().get_object(request, object_id, from_field)
        return kept[key]

    def _is_frozen(self, obj) -> bool:
        if obj is not None and is_restored_version(obj):
            obj = self.model._base_manager.filter(pk=obj.pk).first()
        return freezing.in_frozen_plan(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self._is_frozen(obj):
            return readonly
        frozen = [name for name in _form_fields(self, request, obj) if name not in self.editable_when_frozen]
        return readonly + [name for name in frozen if name not in readonly]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._is_frozen(obj)

    def revert_disabled(self, request, obj=None):
        return self._is_frozen(obj) or super().revert_disabled(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id.isdigit() else None
        if not self._is_frozen(obj):
            return super().change_view(request, object_id, form_url, extra_context)
        if not self.editable_when_frozen:
            # Nothing on the page can change: no save buttons, and a save sent all the same is refused.
            if request.method == "POST":
                messages.error(request, freezing.FROZEN_MESSAGE)
                return HttpResponseRedirect(request.path)
            extra_context = {
                **(extra_context or {}),
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
            }
        if request.method == "GET":
            messages.warning(request, freezing.FROZEN_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id) if object_id.isdigit() else None
        if request.method == "POST" and self._is_frozen(obj):
            messages.error(request, freezing.FROZEN_MESSAGE)
            change_url = reverse(f"admin:actionplan_{self.model._meta.model_name}_change", args=[obj.pk])
            return HttpResponseRedirect(change_url)
        return super().history_form_view(request, object_id, version_id, extra_context)


class FrozenPlanInlineMixin:
    """The rows of a part of an adopted plan: read-only, none added or deleted."""

    editable_when_frozen = ()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not freezing.in_frozen_plan(obj):
            return readonly
        return readonly + [name for name in self.fields if name not in self.editable_when_frozen + tuple(readonly)]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not freezing.in_frozen_plan(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not freezing.in_frozen_plan(obj)


class PlanRevisionAdminMixin:
    """`<id>/revise/` (POST): “Fortschreibung beginnen” on an adopted plan."""

    def get_urls(self):
        revise = self.admin_site.admin_view(require_POST(self.revise_view))
        return [path("<int:object_id>/revise/", revise, name="actionplan_revise"), *super().get_urls()]

    def revise_view(self, request, object_id):
        plan = self.get_object(request, str(object_id))  # scoped: another district's plan is None
        if plan is None or not self.has_add_permission(request):
            raise PermissionDenied
        try:
            revision = services.plan_start_revision(plan=plan, user=request.user)
        except services.RevisionExists as refusal:
            url = reverse("admin:actionplan_actionplan_change", args=[refusal.revision.pk])
            messages.error(request, format_html('{} <a href="{}">{}</a>', refusal.messages[0], url, _("Open it")))
            return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[plan.pk]))
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
            return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[plan.pk]))
        messages.success(
            request,
            _("Revision started: version %(version)s is a draft with the content of version %(old)s.")
            % {"version": revision.version, "old": plan.version},
        )
        return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[revision.pk]))
