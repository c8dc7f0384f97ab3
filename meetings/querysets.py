"""Which committee rows a user (or the public) may see: decided here and nowhere else.

Committee staff see everything. Readers (partners' members with read access, the EST
coordinator) see meetings, cases that are no longer drafts, justerade protokoll and the
handlingar made for publication; items marked as holding personal data or under secrecy are
for committee staff only. The public sees what has been published, without those items.
"""

from django.db import models

from trygghet.querysets import VisibleQuerySet

from . import permissions

HIDDEN_PUBLICITY = ("personuppgifter", "sekretess")


class CommitteeQuerySet(VisibleQuerySet):
    def for_member(self, user):
        return self if permissions.can_read(user) else self.none()


class CommitteeMemberQuerySet(CommitteeQuerySet):
    def active(self):
        return self.filter(active=True)


class SharedCommitteeQuerySet(VisibleQuerySet):
    """Bookkeeping rows (the diarienummer counters): committee staff only."""

    def for_member(self, user):
        return self if permissions.can_manage(user) else self.none()


class MeetingQuerySet(CommitteeQuerySet):
    def with_published_handlingar(self):
        """Meetings whose handlingar the public may read."""
        return self.filter(handlingar_published_at__isnull=False)

    def public(self):
        """Meetings with anything published: handlingar or a protokoll."""
        return self.filter(models.Q(handlingar_published_at__isnull=False)
                           | models.Q(protocols__published_at__isnull=False)).distinct()


class CaseQuerySet(VisibleQuerySet):
    def for_member(self, user):
        if permissions.can_manage(user):
            return self
        if not permissions.can_read(user):
            return self.none()
        return self.exclude(status="utkast").exclude(
            agenda_items__publicity__in=HIDDEN_PUBLICITY)


class CaseAttachmentQuerySet(VisibleQuerySet):
    def for_member(self, user):
        from .models import Case

        return self.filter(case__in=Case.objects.visible_to(user))

    def public(self, meeting):
        """Attachments of the public cases on the agenda of a meeting whose handlingar are
        published (a case marked on this agenda stays out, whatever another agenda says)."""
        from .models import AgendaItem

        return self.filter(case__in=AgendaItem.objects.public().filter(meeting=meeting)
                           .values("case"))


class AgendaItemQuerySet(VisibleQuerySet):
    def for_member(self, user):
        if permissions.can_manage(user):
            return self
        if not permissions.can_read(user):
            return self.none()
        return self.exclude(publicity__in=HIDDEN_PUBLICITY)

    def publishable(self):
        """Items that may be published: not holding personal data, not under secrecy."""
        return self.exclude(publicity__in=HIDDEN_PUBLICITY)

    def public(self):
        """Publishable items of meetings whose handlingar are published."""
        return self.publishable().filter(meeting__handlingar_published_at__isnull=False)

    def with_related(self):
        return self.select_related("case")


class ProtocolQuerySet(VisibleQuerySet):
    def for_member(self, user):
        if permissions.can_manage(user):
            return self
        if not permissions.can_read(user):
            return self.none()
        return self.filter(status="justerat")

    def published(self):
        return self.filter(status="justerat", published_at__isnull=False)


class AttendanceQuerySet(VisibleQuerySet):
    def for_member(self, user):
        from .models import Protocol

        return self.filter(protocol__in=Protocol.objects.visible_to(user))


class ParagraphQuerySet(VisibleQuerySet):
    def for_member(self, user):
        from .models import Protocol

        paragraphs = self.filter(protocol__in=Protocol.objects.visible_to(user))
        if permissions.can_manage(user):
            return paragraphs
        return paragraphs.exclude(publicity__in=HIDDEN_PUBLICITY)

    def publishable(self):
        return self.exclude(publicity__in=HIDDEN_PUBLICITY)

    def public(self):
        """Publishable paragraphs of published protokoll."""
        return self.publishable().filter(protocol__status="justerat",
                                         protocol__published_at__isnull=False)


class PostingQuerySet(VisibleQuerySet):
    """Anslag are public by law: every member sees them, and so does the anslagstavla."""

    def for_member(self, user):
        return self

    def current(self, today):
        return self.filter(appeal_ends_on__gte=today)


class DocumentJobQuerySet(VisibleQuerySet):
    def for_member(self, user):
        if permissions.can_manage(user):
            return self
        if not permissions.can_read(user):
            return self.none()
        return self.filter(variant="public")

    def public(self):
        """The finished handlingar for publication of meetings whose handlingar are published."""
        return self.filter(variant="public", state="done",
                           meeting__handlingar_published_at__isnull=False).exclude(file="")
