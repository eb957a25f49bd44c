"""KIT staff see the steering group's open comments and mark them answered."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integration_portal.admin_base import PortalModelAdmin

from . import services
from .models import Comment


class AnsweredFilter(admin.SimpleListFilter):
    """Open comments first: the list shows them unless KIT staff pick answered or all comments."""

    title = _("answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("no", _("open")), ("yes", _("answered")), ("all", _("all"))]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "no") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "no"
        if value == "no":
            return queryset.filter(answered_at__isnull=True)
        if value == "yes":
            return queryset.filter(answered_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(PortalModelAdmin):
    list_display = ["short_text", "measure", "author", "created", "is_open"]
    list_filter = [AnsweredFilter]
    list_select_related = ["measure", "author"]
    search_fields = ["text", "measure__text"]
    date_hierarchy = "created"
    actions = ["mark_answered"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["measure", "text"]
        return ["measure", "author", "text", "created", "answered_at", "answered_by"]

    def get_readonly_fields(self, request, obj=None):
        # The steering group writes comments in its workspace; the admin only marks them answered.
        if obj is None:
            return []
        return self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("comment"))
    def short_text(self, comment):
        return str(comment)

    @admin.display(boolean=True, description=_("open"))
    def is_open(self, comment):
        return comment.is_open

    @admin.action(permissions=["change"], description=_("Mark selected comments as answered"))
    def mark_answered(self, request, queryset):
        count = services.comments_mark_answered(comments=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d comment marked as answered.", "%(count)d comments marked as answered.", count)
            % {"count": count},
        )
