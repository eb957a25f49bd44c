from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = _("Integration concept and action plan")

    def ready(self):
        from . import jobs

        jobs.register()
