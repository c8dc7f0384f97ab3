"""Which promises, commitments, follow-ups and dialogues a user may see, and which the public
may: decided here and nowhere else.

Members see all of it: a promise is the collaboration's shared work, drafts included. A walk's
findings, once logged, are observations and are seen as those. The
public pages see only adopted (and followed-up) promises and the follow-ups marked public;
they call `public()`, never `visible_to`, because they have no user.
"""

from django.db.models import Q

from trygghet.querysets import SharedQuerySet, VisibleQuerySet


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


class FindingQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """A finding not yet logged is the walk's, shared like it, but a restricted one only
        as its observation will be; a logged one is its observation, seen by those who may
        open that (a restricted one by the municipality and the police), never learnt of
        through the walk."""
        from observations.models import Observation
        from observations.querysets import sees_restricted

        waiting = Q(observation__isnull=True)
        if not sees_restricted(user):
            waiting &= Q(restricted=False) | Q(created_by=user)
        return self.filter(waiting | Q(observation__in=Observation.objects.visible_to(user)))
