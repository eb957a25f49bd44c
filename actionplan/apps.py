from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = _("Integration concept and action plan")

    def ready(self):
        from . import jobs, signals
        from .synopsis import jobs as synopsis_jobs

        signals.connect()
        jobs.register()
        # The Synopse's PDF is written by a background job.
        synopsis_jobs.connect()
