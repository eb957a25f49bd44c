"""The district's council system in the district admin: its OParl URL and the import of its results."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from integration_portal import history
from integration_portal.admin import DistrictAdmin
from integration_portal.models import District

from .client import OParlError
from .importer import import_results


class OParlDistrictAdmin(DistrictAdmin):
    """Districts as the core shows them, plus the OParl settings that only superusers set."""

    list_display = [*DistrictAdmin.list_display, "oparl_source_url"]
    fields = None
    fieldsets = [
        (None, {"fields": DistrictAdmin.fields}),
        (_("OParl"), {"fields": ["oparl_source_url", "oparl_publish_persons"]}),
    ]
    actions = ["import_council_results"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "oparl_source_url":
            kwargs["assume_scheme"] = "https"  # “ris.example.de/oparl” means https, as from Django 6 on
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.action(description=_("Take over results from the council system (OParl)"))
    def import_council_results(self, request, queryset):
        """The admin's way to `import_results`: one message per change, or why a district's import stopped."""
        for district in queryset:
            try:
                changes = import_results(district=district, user=request.user, path=history.ADMIN)
            except OParlError as error:
                self.message_user(request, f"{district}: {error}", level=messages.ERROR)
                continue
            for line in changes:
                self.message_user(request, line, level=messages.SUCCESS)
            if not changes:
                self.message_user(request, _("%(district)s: every result is up to date.") % {"district": district})


admin.site.unregister(District)
admin.site.register(District, OParlDistrictAdmin)
