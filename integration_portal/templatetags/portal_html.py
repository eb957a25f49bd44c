"""`{{ value|clean_html }}`: formatted text from staff, cleaned by the allow-list in integration_portal.sanitize."""

from django import template

from integration_portal import sanitize

register = template.Library()


@register.filter(is_safe=False)
def clean_html(value):
    return sanitize.clean_html(value)
