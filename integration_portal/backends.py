from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class PortalBackend(ModelBackend):
    """The standard backend, loading the user's district with the user: every page shows it, and reading the
    user's permissions in one query, not two: every page of a logged-in user asks for them."""

    def get_all_permissions(self, user_obj, obj=None):
        # As Django's backend, kept for the request on the user; its own and its groups' permissions as one UNION.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                names = self._names(Permission.objects.all())
            else:
                own, of_groups = self._get_user_permissions(user_obj), self._get_group_permissions(user_obj)
                names = self._names(own).union(self._names(of_groups))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in names}
        return user_obj._perm_cache

    @staticmethod
    def _names(permissions):
        return permissions.values_list("content_type__app_label", "codename").order_by()

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
