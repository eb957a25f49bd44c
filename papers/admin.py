"""The admin KIT staff write council papers in: Beratungsfolge, attachments, status, PDF preview."""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integration_portal.admin_base import PortalInline, PortalModelAdmin
from integration_portal.resources import DistrictImportExportMixin

from . import services
from .models import Attachment, Committee, Consultation, CouncilPaper, ReferenceScheme, StatusChange
from .resources import CommitteeResource

RELEASED_IS_FROZEN = _("A released paper cannot be restored or changed. Changes need a follow-up paper.")
WIDE_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 6, "cols": 90})}}


@admin.register(ReferenceScheme)
class ReferenceSchemeAdmin(PortalModelAdmin):
    list_display = ["pattern"]


@admin.register(Committee)
class CommitteeAdmin(DistrictImportExportMixin, PortalModelAdmin):
    resource_classes = [CommitteeResource]
    list_display = ["name", "short_name", "order"]
    search_fields = ["name", "short_name"]


class ConsultationInline(SortableInlineAdminMixin, PortalInline):
    """The Beratungsfolge in its order; outcome and votes are filled in after each session."""

    model = Consultation
    extra = 0
    fields = ["order", "date", "committee", "role", "is_public", "outcome", "votes_yes", "votes_no", "abstentions"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee")


class FrozenOnReleaseMixin:
    """Rows that are part of the released paper cannot change any more: changes need a follow-up paper."""

    def _frozen(self, obj):
        return obj is not None and obj.is_released

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class AttachmentInline(FrozenOnReleaseMixin, SortableInlineAdminMixin, PortalInline):
    model = Attachment
    extra = 0
    fields = ["order", "title", "file"]


class StatusChangeInline(PortalInline):
    """Who changed the status when: written by the status actions only."""

    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


def _status_action(status, description):
    def action(modeladmin, request, queryset):
        changed = 0
        for paper in queryset:
            try:
                services.paper_change_status(paper=paper, status=status, user=request.user)
                changed += 1
            except ValidationError as error:
                modeladmin.message_user(request, f"{paper.reference}: {' '.join(error.messages)}", messages.ERROR)
        if changed:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d paper now has the status “%(status)s”.",
                    "%(count)d papers now have the status “%(status)s”.",
                    changed,
                )
                % {"count": changed, "status": status.label},
                messages.SUCCESS,
            )

    action.__name__ = f"to_{status.value}"
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


@admin.register(CouncilPaper)
class CouncilPaperAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["reference", "title", "date", "status", "is_public", "pdf_preview"]
    list_filter = ["status", "paper_type", "is_public", "consultations__committee"]
    search_fields = ["reference", "title"]
    date_hierarchy = "date"
    inlines = [ConsultationInline, AttachmentInline, StatusChangeInline]
    readonly_fields = ["reference", "status", "pdf_preview"]
    formfield_overrides = WIDE_TEXT
    change_form_template = "admin/papers/councilpaper/change_form.html"
    actions = [
        _status_action(CouncilPaper.Status.CO_SIGNING, _("Send to co-signing")),
        _status_action(CouncilPaper.Status.DRAFT, _("Back to draft")),
        _status_action(CouncilPaper.Status.RELEASED, _("Release (freezes the PDF)")),
        _status_action(CouncilPaper.Status.IN_CONSULTATION, _("Mark as in consultation")),
        _status_action(CouncilPaper.Status.DONE, _("Mark as done")),
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "pdf_preview", "paper_type", "title", "date", "original"]}),
        (_("Public or non-public"), {"fields": ["is_public", "non_public_reason"]}),
        (_("Persons"), {"fields": ["lead_unit", "contact_person", "editor"]}),
        (_("Text"), {"fields": ["proposed_resolution", "statement_of_facts", "climate_relevance"]}),
        (
            _("Financial effects"),
            {
                "fields": [
                    "has_financial_effects",
                    "in_budget",
                    "voluntary_task",
                    ("product_number", "product_name"),
                    ("income", "expenses"),
                    ("payments_in", "payments_out"),
                    "deficit_coverage",
                    "affects_staff_plan",
                    "extra_positions",
                    "financial_notes",
                ]
            },
        ),
        (_("Annex"), {"fields": ["annex_plan", "annex_title"]}),
    ]

    # The workflow sets the status; the history shows each step (“Status: Mitzeichnung → freigegeben”).
    history_extra_fields = ("status",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district")

    def _released(self, request, object_id):
        paper = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        return paper if paper is not None and paper.is_released else None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self._released(request, object_id):
            # Its fields are read-only; say why, so nobody looks for a way to edit it.
            self.message_user(request, RELEASED_IS_FROZEN, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        paper = self._released(request, object_id)
        if paper is not None:
            # The council decides on the released paper: a restore would change its content, status or PDF.
            self.message_user(request, RELEASED_IS_FROZEN, messages.ERROR)
            return redirect("admin:papers_councilpaper_history", paper.pk)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/next-status/",
                self.admin_site.admin_view(self.next_status_view),
                name="papers_councilpaper_next_status",
            ),
            *super().get_urls(),
        ]

    def next_status_view(self, request, object_id):
        """The button on the change page: the paper's next step, as the list action would take it."""
        paper = self.get_object(request, object_id)
        if request.method != "POST" or not self.has_change_permission(request, paper):
            raise PermissionDenied
        status = services.next_status(paper.status)
        if status is not None:
            _status_action(status, "")(self, request, self.get_queryset(request).filter(pk=paper.pk))
        return redirect(reverse("admin:papers_councilpaper_change", args=[paper.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["next_status"] = services.next_status(obj.status) if obj is not None else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("PDF"))
    def pdf_preview(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        # A released paper's link opens the frozen PDF itself, no preview.
        label = _("PDF") if obj.is_released else _("PDF preview")
        return format_html('<a href="{}?inline" target="_blank">{}</a>', obj.get_pdf_url(), label)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_released:
            # Frozen: the released PDF is what the council decides on. Changes need a follow-up paper.
            return flatten_fieldsets(self.get_fieldsets(request, obj))
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        # The admin saves inside one transaction: the number, the paper and its first status go together.
        if not change:
            services.paper_number(paper=obj)
        super().save_model(request, obj, form, change)
        if not change:
            services.paper_log_created(paper=obj, user=request.user)
