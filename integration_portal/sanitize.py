"""The one place where formatted text from staff becomes HTML: an allow-list sanitizer (nh3).

The rule of the portal: every text a person typed is escaped when shown (Django's autoescape). No field
of the plan allows formatting today; the plan page turns line breaks into <br> after escaping. A field
that is to allow formatting (bold, lists, links) is shown with `{{ value|clean_html }}` from
`{% load portal_html %}`, never with `|safe`; tests/security/test_output_rules.py enforces both.
"""

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(value):
    """`value` with every tag, attribute and URL scheme outside the allow-list removed; safe to show."""
    if value is None:
        return ""
    cleaned = nh3.clean(
        str(value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # nh3 has removed everything outside the allow-list above.
    return mark_safe(cleaned)  # noqa: S308 # nosec B308, B703
