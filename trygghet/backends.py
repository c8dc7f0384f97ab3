"""The login backend: Django's, loading the member's membership and organisation with the
user, in one query per page instead of two (every page asks who the member is and what they
may see, `trygghet.permissions.membership_of`)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("membership__organisation").get(
                pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
