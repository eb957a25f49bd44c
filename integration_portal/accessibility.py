"""The accessibility statement (Erklärung zur Barrierefreiheit) that BITV 2.0 § 7 asks for.

One general statement for the portal, and one per district with the district's own feedback contact and the
enforcement body of its federal state.
"""

import datetime

from django.shortcuts import get_object_or_404, render

from .models import District

# The day the statement was last checked against the portal; update it with the text.
STATEMENT_DATE = datetime.date(2026, 11, 29)


def accessibility_statement(request, slug=None):
    district = get_object_or_404(District, slug=slug) if slug else None
    return render(
        request,
        "accessibility_statement.html",
        {
            "district": district,
            "districts": [] if district else District.objects.order_by("name"),
            "statement_date": STATEMENT_DATE,
        },
    )
