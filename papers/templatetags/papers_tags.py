from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_adoption(context, plan):
    """{% plan_adoption plan as adoption %}: the decision that adopted the plan, or None.

    The council papers add this to the plan page, so the plans know nothing of papers. `adoption.paper_visible`
    says whether the user may open the paper; one or two queries.
    """
    if plan.is_draft:
        return None
    adoption = selectors.plan_adopting_consultation(plan=plan)
    if adoption is not None:
        adoption.paper_visible = selectors.paper_is_visible(user=context["request"].user, paper=adoption.paper)
    return adoption
