from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Council papers")

    def ready(self):
        from . import jobs

        # The PDFs' jobs and the saves that queue a draft's render.
        jobs.connect()
