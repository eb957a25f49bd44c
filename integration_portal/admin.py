"""Platform administration: districts and user accounts (superusers only; KIT staff have no rights here)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import log_event
from .models import District, User

# Second-factor devices hold secrets: nobody browses them; superusers reset a user's with the action below.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "oparl_source_url"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug"]}),
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
        from oparl.client import OParlError
        from oparl.importer import import_results

        from . import history

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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "district", "is_staff", "is_active"]
    list_filter = ["district", "groups", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["district"]
    fieldsets = [
        (None, {"fields": ["username", "password", "district"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset second factor (the user sets up a new authenticator app)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            TOTPDevice.objects.filter(user=user).delete()
            log_event("otp_reset", user=request.user, target=user.get_username())
        self.message_user(request, _("The second factor of the selected users has been reset."))

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "district", "email", "password1", "password2"]}),
    ]
