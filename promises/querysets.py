"""Which promises, commitments, follow-ups and dialogues a user may see, and which the public
may: decided here and nowhere else.

Members see all of it: a promise is the collaboration's shared work, drafts included. The
public pages see only adopted (and followed-up) promises and the follow-ups marked public;
they call `public()`, never `visible_to`, because they have no user.
"""

from trygghet.querysets import SharedQuerySet


class PromiseQuerySet(SharedQuerySet):
    def public(self):
        return self.filter(status__in=self.model.PUBLIC_STATUSES)


class CommitmentQuerySet(SharedQuerySet):
    def public(self):
        from .models import Promise

        return self.filter(promise__status__in=Promise.PUBLIC_STATUSES)


class FollowUpQuerySet(SharedQuerySet):
    def public(self):
        """Follow-ups marked public, of commitments of public promises."""
        from .models import Promise

        return self.filter(public=True, commitment__promise__status__in=Promise.PUBLIC_STATUSES)


class DialogueQuerySet(SharedQuerySet):
    pass


class FindingQuerySet(SharedQuerySet):
    pass
