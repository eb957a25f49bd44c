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
