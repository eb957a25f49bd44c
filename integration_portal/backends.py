from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """The standard backend, loading the user's district with the user: every page shows it."""

    def get_user(self, user_id):
        try:
            user = self._get_user_model()._default_manager.select_related("district").get(pk=user_id)
        except self._get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _get_user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()


class PortalAxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request (every login over HTTP).

    A login without a request (the shell, the test client's `login()`) has no client address to lock
    out and is not reachable from outside; the stock backend refuses such calls outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
