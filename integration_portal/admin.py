"""Platform administration: districts and user accounts (superusers only; KIT staff have no rights here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import log_event
from .models import District, User

# Second-factor devices hold secrets: nobody browses them; superusers reset a user's with the action below.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "short_name",
        "slug",
        "accessibility_contact",
        "accessibility_email",
        "accessibility_enforcement_body",
        "accessibility_enforcement_url",
    ]
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "district", "is_staff", "is_active"]
    list_filter = ["district", "groups", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["district"]
    # Set by the login, never by hand (and Django's split date/time inputs for them have no labels).
    readonly_fields = ["last_login", "date_joined"]
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


# The background jobs' admin lives with them.
from .jobs import admin as jobs_admin  # noqa: E402, F401
