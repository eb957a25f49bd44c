"""No browser or proxy keeps a copy of what a logged-in user saw or downloaded.

Every response to a logged-in user is sent with `Cache-Control: private, no-store`, unless its view
marked it public (`mark_public`: released public papers and public documentation files, the same for
everybody). Static files are served by the reverse proxy and never pass through here.
"""

from django.http import HttpResponseBase

NO_STORE = "private, no-store"


def mark_public(response: HttpResponseBase) -> HttpResponseBase:
    """The response shows only what everybody may see: caches may keep it."""
    response.portal_public = True
    return response


def mark_private(response: HttpResponseBase) -> HttpResponseBase:
    """A non-public file: never cached, whoever asked for it."""
    response.portal_private = True
    return response


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "portal_public", False):
            return response
        user = getattr(request, "user", None)
        if getattr(response, "portal_private", False) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = NO_STORE
        return response
