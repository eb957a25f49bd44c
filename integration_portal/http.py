"""What views share: selectors answer None for "nothing the user may see", the view turns it into 404."""

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def found_or_404(obj: T | None) -> T:
    """`obj`, or the 404 page where a selector found nothing the user may see."""
    if obj is None:
        raise Http404
    return obj
