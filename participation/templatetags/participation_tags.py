from django import template

from .. import selectors
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


@register.simple_tag(takes_context=True)
def district_processes(context, district):
    """{% district_processes district as processes %}: the district's processes the user may see.

    Participation adds itself to the action plan's pages through these tags; the plans know nothing of it.
    """
    return selectors.process_list(user=context["request"].user, district=district)


@register.simple_tag(takes_context=True)
def plan_findings(context, fields):
    """{% plan_findings fields as findings_by_measure %}: {measure id: findings it answers} for a plan page.

    `fields` are the plan's fields with their tree loaded (`plan_tree`, or `load_field_trees` for the plan page's
    tables missing in the cache); two queries whatever the plan's size.
    """
    measure_ids = [
        measure.pk for field in fields for challenge in field.challenges.all() for measure in challenge.measures.all()
    ]
    return selectors.findings_by_measure(user=context["request"].user, measure_ids=measure_ids)
