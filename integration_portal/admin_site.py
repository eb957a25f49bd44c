"""The admin site KIT staff work in: German titles, and no way to reach another district's objects."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .scoping import is_district_owned


class PortalAdminSite(admin.AdminSite):
    site_header = _("Integrationsportal – administration")
    site_title = _("Integrationsportal")
    index_title = _("Plans, papers and participation")

    def login(self, request, extra_context=None):
        # One login page for everyone, with the lockout and the second factor: the portal's own.
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))

    def get_urls(self):
        urls = super().get_urls()
        # Replace the "view on site" redirect with one that checks the object's district first.
        scoped = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site_redirect),
            name="view_on_site",
        )
        return [scoped, *(url for url in urls if getattr(url, "name", None) != "view_on_site")]

    def view_on_site_redirect(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            visible = (
                not is_district_owned(model)
                or model._default_manager.for_user(request.user).filter(pk=object_id).exists()
            )
        except (ContentType.DoesNotExist, ValueError, ValidationError) as exc:
            raise Http404 from exc
        if not visible:
            raise Http404
        return shortcut(request, content_type_id, object_id)
