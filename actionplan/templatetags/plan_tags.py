from django import template
from django.utils.safestring import SafeString

from ..models import ActionPlan, FieldOfAction
from ..plan_tables import PlanTables, table_audience
from ..selectors import load_field_trees

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_tables(context, plan: ActionPlan, fields: list[FieldOfAction]) -> PlanTables:
    """{% plan_tables plan fields as tables %}: the fields' tables as far as the cache has them.

    The fields in `tables.missing` come with their tree loaded (four queries, none when all are cached);
    hand their findings to the tables with `{% plan_findings tables.missing as findings_by_measure %}`.
    """
    tables = PlanTables(plan_id=plan.pk, fields=fields, audience=table_audience(context["request"].user))
    load_field_trees(tables.missing)
    return tables


@register.simple_tag(takes_context=True)
def field_table(context, tables: PlanTables, field: FieldOfAction) -> SafeString:
    """{% field_table tables field %}: the field's table, from the cache or rendered and kept."""
    return tables.html(field, context.get("findings_by_measure"))
