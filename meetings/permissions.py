"""Who may do what with the committee's work. Rows a user may see are decided in querysets.py."""

from django.utils.translation import gettext_lazy as _

from trygghet import permissions as roles
from trygghet.choices import Role

NOT_STAFF = _("Bara nämndsekreterare kan ändra utskottets ärenden, möten och protokoll.")
# Partners' members with read access, and the EST coordinator who reports to the committee.
READING_ROLES = {Role.READER, Role.COORDINATOR}


def can_manage(user):
    """Draft cases, set agendas, record and justera protokoll, publish: committee staff."""
    return roles.is_committee_staff(user)


def can_read(user):
    """Read meetings, cases that are ready, justerade protokoll."""
    return can_manage(user) or roles.role_of(user) in READING_ROLES


def can_edit_case(user, case):
    return can_manage(user) and not case.is_decided


def can_download(user, job):
    """Staff download any compile of the handlingar (the page tells them when one is
    outdated). Readers get the version for publication only while it holds what the agenda
    holds now: an older one may hold an item since marked as holding personal data."""
    return can_manage(user) or job.is_current()
