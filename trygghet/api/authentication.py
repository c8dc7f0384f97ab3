"""Token authentication that brings the member's organisation along."""

from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's membership and organisation in the same
    query as the token: every API request asks for them (who may see what), and a partner's
    system sends many requests."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        queryset = model.objects.select_related("user__membership__organisation")
        try:
            token = queryset.get(key=key)
        except model.DoesNotExist:
            return super().authenticate_credentials(key)  # its 401, in its words
        if not token.user.is_active:
            return super().authenticate_credentials(key)
        return (token.user, token)
