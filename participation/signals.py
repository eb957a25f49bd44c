"""Keep the cached survey (selectors.survey_for_answering) and the plan pages' cached tables, which name the
findings each measure answers, in step with what KIT staff edit."""

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from actionplan.models import Measure
from actionplan.signals import drop_tables_of

from .models import Finding, Format, ParticipationProcess, Survey, SurveyOption, SurveyQuestion, SurveySection
from .selectors import survey_cache_key, survey_page_keys

SURVEY_OF = {
    Survey: lambda obj: obj.pk,
    SurveySection: lambda obj: obj.survey_id,
    SurveyQuestion: lambda obj: obj.section.survey_id,
    SurveyOption: lambda obj: obj.question.section.survey_id,
}


def forget_cached_survey(sender, instance, **kwargs):
    try:
        survey_id = SURVEY_OF[sender](instance)
    except ObjectDoesNotExist:  # a parent deleted in the same cascade: its own signal clears the cache
        return
    keys = [survey_cache_key(survey_id), *survey_page_keys(survey_id).values()]
    # Now, and again once the change commits: a visitor meanwhile reads and keeps the survey before it.
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# How the measures a finding answers are reached from each participation model.
MEASURES_OF = {
    ParticipationProcess: "findings__format__process",
    Format: "findings__format",
    Finding: "findings",
}


def forget_plan_tables(sender, instance, origin=None, **kwargs):
    """A finding's text, its format's title and date and its process's visibility show in the plan tables."""
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        return
    if origin is not instance and isinstance(origin, ParticipationProcess | Format):
        return  # deleted with its format or process, whose own signal drops the tables
    drop_tables_of(Measure.objects.filter(**{MEASURES_OF[sender]: instance.pk}))


def forget_plan_tables_of_links(sender, instance, action, reverse, pk_set, **kwargs):
    """Measures linked to a finding or unlinked from it; `clear` is looked up before it runs."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # measure.findings changed
        drop_tables_of(Measure.objects.filter(pk=instance.pk))
    elif action == "pre_clear":
        drop_tables_of(Measure.objects.filter(findings=instance.pk))
    else:
        drop_tables_of(Measure.objects.filter(pk__in=pk_set))


def connect():
    for model in MEASURES_OF:
        pre_save.connect(forget_plan_tables, sender=model, dispatch_uid=f"plan-tables-{model.__name__}")
        pre_delete.connect(forget_plan_tables, sender=model, dispatch_uid=f"plan-tables-del-{model.__name__}")
    m2m_changed.connect(forget_plan_tables_of_links, sender=Finding.measures.through, dispatch_uid="plan-tables-links")
    for model in SURVEY_OF:
        post_save.connect(forget_cached_survey, sender=model, dispatch_uid=f"forget-survey-{model.__name__}")
        post_delete.connect(forget_cached_survey, sender=model, dispatch_uid=f"forget-survey-del-{model.__name__}")
