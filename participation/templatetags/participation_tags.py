from django import template

from ..languages import in_language as _in_language

register = template.Library()


@register.filter
def in_language(texts, language):
    """{{ question.text|in_language:"ar" }}: the translation, or the German text where it is missing."""
    return _in_language(texts, language)


@register.filter
def findings_of(findings_by_measure, measure):
    """{{ findings_by_measure|findings_of:measure }}: the findings a measure answers (see selectors)."""
    return findings_by_measure.get(getattr(measure, "pk", measure), [])
