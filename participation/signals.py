"""Keep the cached survey (selectors.survey_for_answering) in step with what KIT staff edit."""

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

from .models import Survey, SurveyOption, SurveyQuestion, SurveySection
from .selectors import survey_cache_key

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
    cache.delete(survey_cache_key(survey_id))


def connect():
    for model in SURVEY_OF:
        post_save.connect(forget_cached_survey, sender=model, dispatch_uid=f"forget-survey-{model.__name__}")
        post_delete.connect(forget_cached_survey, sender=model, dispatch_uid=f"forget-survey-del-{model.__name__}")
