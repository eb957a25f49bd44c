from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from integration_portal.retention import register_nightly_task

        from . import jobs, signals
        from .languages import register_easy_german
        from .storage_order import shuffle_storage_order

        register_easy_german()
        signals.connect()
        # The survey's tables are rewritten in random order every night, so storage tells no order either.
        register_nightly_task(shuffle_storage_order)
        jobs.register()
