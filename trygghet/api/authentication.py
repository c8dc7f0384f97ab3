"""Token authentication that brings the member's organisation along, and remembers it.

A partner's system sends many requests with one token, and each asked the database for the
token, its user, the membership and the organisation (who may see what) before anything else.
The answer is kept in the shared cache under a hash of the key, as `trygghet.members` keeps
who a request is (and forgets it when any of them changes): the user's, membership's and
organisation's columns without the password hash, and the token's creation time; the key
itself is not stored.
"""

import hashlib

from rest_framework import authentication
from rest_framework.authtoken.models import Token

from trygghet import members


def _slot(key: str) -> str:
    return "api-token:" + hashlib.sha256(key.encode()).hexdigest()


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's membership and organisation in the same
    query as the token, and keeping the answer in the cache (above)."""

    def authenticate_credentials(self, key):
        slot = _slot(key)
        found, read_under = members.kept(slot)
        if found is not None:
            rows, created = found
            user = members.rebuilt(rows)
            token = Token(key=key, user=user, created=created)
            token._state.adding = False
            return (user, token)
        read_under = read_under or members.generation()  # before the rows are read
        model = self.get_model()
        queryset = model.objects.select_related("user__membership__organisation")
        try:
            token = queryset.get(key=key)
        except model.DoesNotExist:
            return super().authenticate_credentials(key)  # its 401, in its words
        if not token.user.is_active:
            return super().authenticate_credentials(key)
        members.keep(slot, read_under, members.rows(token.user), token.created)
        return (token.user, token)
