from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Council papers")

    def ready(self):
        from actionplan.signals import connect_public_pages

        from . import jobs
        from .models import AgendaItem, Committee, Consultation, CouncilPaper, Meeting

        # The PDFs' jobs and the saves that queue a draft's render.
        jobs.connect()
        # The public plan page names the council decision that adopted the plan.
        connect_public_pages(CouncilPaper, Consultation, Committee, Meeting, AgendaItem)
