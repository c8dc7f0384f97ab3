"""The core's vocabularies, apart from the models so that role checks need no model import."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    KOMMUN = "kommun", _("Kommun")
    POLIS = "polis", _("Polis")
    VAKTARE = "vaktare", _("Väktare")
    BOSTADSBOLAG = "bostadsbolag", _("Bostadsbolag")
    FORENING = "forening", _("Förening")
    RADDNINGSTJANST = "raddningstjanst", _("Räddningstjänst")
    ANNAN = "annan", _("Annan")


class Role(models.TextChoices):
    REPORTER = "reporter", _("Rapportör")
    COORDINATOR = "coordinator", _("Samordnare")
    READER = "reader", _("Läsare")
    COMMITTEE_STAFF = "committee_staff", _("Nämndsekreterare")
    ADMINISTRATOR = "administrator", _("Administratör")


class AreaKind(models.TextChoices):
    KOMMUN = "kommun", _("Kommungräns")
    KOMMUNDEL = "kommundel", _("Kommundel")
    CENTRUM = "centrum", _("Centrum")
    STATION = "station", _("Stationsområde")
    BOSTADSOMRADE = "bostadsomrade", _("Bostadsområde")
    ANNAT = "annat", _("Annat område")
