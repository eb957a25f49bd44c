from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalAdminConfig(AdminConfig):
    default_site = "integration_portal.admin_site.PortalAdminSite"


class IntegrationPortalConfig(AppConfig):
    name = "integration_portal"
    verbose_name = _("Districts and users")

    def ready(self):
        from . import (
            export_jobs,
            security,  # noqa: F401  (connects the audit lines of logins, logouts and lockouts)
        )
        from .checks import check_pdf_libraries
        from .roles import sync_role_groups

        checks.register(check_pdf_libraries)
        export_jobs.register_list_export()

        # Groups and their permissions follow the code on every migrate, in every environment.
        post_migrate.connect(sync_role_groups, dispatch_uid="integration_portal.sync_role_groups")
