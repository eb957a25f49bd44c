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

from integration_portal import history
from integration_portal.admin_base import PortalInline, PortalModelAdmin
from integration_portal.resources import DistrictImportExportMixin

from . import services
from .forms import ConsultationResultForm, CouncilPaperAddForm, ReferenceCounterForm
from .models import (
    AgendaItem,
    Attachment,
    Committee,
    Consultation,
    CouncilPaper,
    Location,
    Meeting,
    ReferenceCounter,
    ReferenceScheme,
    StatusChange,
)
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


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(PortalModelAdmin):
    """Where a scheme's sequence continues per year, e.g. after “2017/FB3/0433” of an earlier system."""

    form = ReferenceCounterForm
    list_display = ["scheme", "year", "last_number"]
    fields = ["scheme", "year", "last_number"]

    def get_readonly_fields(self, request, obj=None):
        return ["scheme", "year"] if obj else []

    def save_model(self, request, obj, form, change):
        # Checked again under the scheme's lock: a paper numbered meanwhile is never overtaken.
        saved = services.reference_counter_set(scheme=obj.scheme, year=obj.year, last_number=obj.last_number)
        obj.pk, obj.district = saved.pk, saved.district

    def has_delete_permission(self, request, obj=None):
        # Deleting would start the year at 1 again and hand out numbers a second time.
        return False


@admin.register(Location)
class LocationAdmin(PortalModelAdmin):
    list_display = ["description", "street_address", "postal_code", "locality"]
    search_fields = ["description", "street_address", "locality"]


class AgendaItemInline(SortableInlineAdminMixin, PortalInline):
    """The agenda (Tagesordnung) in its order. Papers are put on it from their Beratungsfolge row."""

    model = AgendaItem
    extra = 0
    fields = ["order", "number", "title", "is_public", "papers"]
    readonly_fields = ["papers"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("consultations__paper")

    @admin.display(description=_("council paper"))
    def papers(self, obj):
        return ", ".join(consultation.paper.reference for consultation in obj.consultations.all()) or "–"


@admin.register(Meeting)
class MeetingAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["__str__", "committee", "start", "state", "is_public"]
    list_filter = ["state", "committee", "is_public"]
    search_fields = ["name", "committee__name"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    fieldsets = [
        (None, {"fields": ["committee", "name", ("start", "end"), "location", "is_public", "state"]}),
        (_("Files"), {"fields": ["invitation", "minutes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "district")


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


class ConsultationInline(FrozenOnReleaseMixin, SortableInlineAdminMixin, PortalInline):
    """The Beratungsfolge in its order, frozen with the released PDF. Results are entered per row (“Result”)."""

    model = Consultation
    extra = 0
    fields = ["order", "date", "committee", "role", "is_public", "result"]
    readonly_fields = ["result"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee")

    @admin.display(description=_("result"))
    def result(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        label = obj.get_outcome_display() if obj.outcome else _("enter result")
        return format_html('<a href="{}">{}</a>', reverse("admin:papers_consultation_change", args=[obj.pk]), label)


@admin.register(Consultation)
class ConsultationAdmin(PortalModelAdmin):
    """A Beratungsfolge row: its agenda item once the meeting exists, and the result after the session.

    Saving goes through the services, as an import does: history, decision extract, plan adoption.
    """

    form = ConsultationResultForm
    # The row's own name opens it; the paper's reference links to the paper (no link inside a link).
    list_display = ["__str__", "paper_reference", "outcome", "votes", "extract_link"]
    list_filter = ["outcome", "role", "committee", "paper__status"]
    search_fields = ["paper__reference", "paper__title"]
    date_hierarchy = "date"
    readonly_fields = ["paper_reference", "committee", "role", "extract_link"]
    fieldsets = [
        (None, {"fields": ["paper_reference", "committee", "role", "agenda_item", "date"]}),
        (
            _("Result"),
            {"fields": ["outcome", ("votes_yes", "votes_no", "abstentions"), "amended_text", "extract_link"]},
        ),
    ]
    formfield_overrides = WIDE_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paper__district", "committee", "agenda_item__meeting")

    def has_add_permission(self, request):
        # Rows are added in the paper's Beratungsfolge.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "agenda_item" in form.base_fields:
            field = form.base_fields["agenda_item"]
            field.queryset = field.queryset.filter(meeting__committee=obj.committee_id).select_related("meeting")
            field.label_from_instance = lambda item: f"{item.meeting.date:%d.%m.%Y}: {item}"
        return form

    @admin.display(description=_("council paper"), ordering="paper__reference")
    def paper_reference(self, obj):
        url = reverse("admin:papers_councilpaper_change", args=[obj.paper_id])
        return format_html('<a href="{}">{}</a>', url, obj.paper.reference)

    @admin.display(description=_("votes"))
    def votes(self, obj):
        if not obj.has_votes:
            return "–"
        return f"{obj.votes_yes or 0} : {obj.votes_no or 0} : {obj.abstentions or 0}"

    @admin.display(description=_("decision extract"))
    def extract_link(self, obj):
        if obj is None or not obj.outcome:
            return "–"
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_extract_url(), _("Decision extract (PDF)"))

    def save_model(self, request, obj, form, change):
        # Both services change nothing when nothing differs from the saved row, so a restored version
        # of the history takes the same path as an edit.
        data = form.cleaned_data
        services.consultation_link_agenda_item(
            consultation=obj, agenda_item=data["agenda_item"], user=request.user, path=history.ADMIN
        )
        if form.result_changed():
            services.consultation_record_result(
                consultation=obj,
                outcome=data["outcome"],
                votes_yes=data["votes_yes"],
                votes_no=data["votes_no"],
                abstentions=data["abstentions"],
                amended_text=data["amended_text"],
                meeting_date=None if data["agenda_item"] else data["date"],
                user=request.user,
                path=history.ADMIN,
            )


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
        (
            _("Annex"),
            {"fields": ["annex_plan", "annex_content", "annex_title", ("annex_report_year", "annex_report_as_of")]},
        ),
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

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = CouncilPaperAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # Only a new paper can take its reference from an earlier system.
        first_name, first_options = fieldsets[0]
        first = (first_name, {**first_options, "fields": ["existing_reference", *first_options["fields"]]})
        return [first, *fieldsets[1:]]

    def save_model(self, request, obj, form, change):
        # The admin saves inside one transaction: the number, the paper and its first status go together.
        if not change:
            services.paper_number(paper=obj, existing_reference=form.cleaned_data.get("existing_reference", ""))
        super().save_model(request, obj, form, change)
        if not change:
            services.paper_log_created(paper=obj, user=request.user)
