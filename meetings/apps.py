from django.utils.translation import gettext_lazy as _

from trygghet.apps import MenuItem, ProjectAppConfig


def _reads_committee(user):
    from . import permissions

    return permissions.can_read(user)


class MeetingsConfig(ProjectAppConfig):
    """The committee (Trygghetsutskottet): cases and their tjänsteskrivelser, meetings and
    agendas, protokoll with justering and anslag, the compiled handlingar, and the public
    anslagstavla."""

    name = "meetings"
    verbose_name = _("Trygghetsutskottet")
    url_prefix = "utskott/"
    public_url_prefix = "anslagstavla/"
    menu = (
        MenuItem(_("Utskottet"), "meetings:meeting-list",
                 ("meetings:meeting-detail", "meetings:meeting-create", "meetings:meeting-edit",
                  "meetings:protocol-detail", "meetings:documentjob-detail",
                  "meetings:agenda-item-edit", "meetings:protocol-adjust",
                  "meetings:paragraph-edit", "meetings:protocol-attendance"),
                 visible=_reads_committee),
        MenuItem(_("Ärenden"), "meetings:case-list",
                 ("meetings:case-detail", "meetings:case-create", "meetings:case-edit"),
                 visible=_reads_committee),
    )
