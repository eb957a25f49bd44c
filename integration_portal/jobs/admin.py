"""Background jobs in the admin: KIT staff see their district's jobs, the failed ones filterable."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from integration_portal.scoping import DistrictScopedAdmin

from .models import Job
from .registry import kind_choices

# The engine's own task rows hold no district: nobody browses them; the portal's jobs say the same, scoped.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(DistrictScopedAdmin):
    """Read-only: jobs are started by the portal and run by the worker, never edited by hand."""

    list_display = ["created", "title", "kind_label", "state", "attempts", "requested_by", "error_message", "job_page"]
    list_filter = ["state", KindFilter]
    list_select_related = ["requested_by"]
    search_fields = ["id", "request_id", "error_message"]
    date_hierarchy = "created"
    fields = [
        "title",
        "kind_label",
        "state",
        "step",
        "progress_done",
        "progress_total",
        "attempts",
        "requested_by",
        "created",
        "started",
        "finished",
        "heartbeat",
        "error_message",
        "error_detail",
        "request_id",
        "worker_id",
        "job_page",
    ]
    readonly_fields = fields

    @admin.display(description=_("kind"))
    def kind_label(self, job):
        return job.kind_label

    @admin.display(description=_("job page"))
    def job_page(self, job):
        return format_html('<a href="{}">{}</a>', job.get_absolute_url(), _("Open the job page"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
