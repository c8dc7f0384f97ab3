"""The demo holds six months of insatser of every type, and last week's EST meeting."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from observations.interventions.models import EstMeeting, Intervention, InterventionType
from observations.situation.models import SituationReport
from trygghet.weeks import shift_week, week_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_insatser_of_every_kind_and_last_weeks_meeting():
    call_command("load_demo")
    count = Intervention.objects.count()
    call_command("load_demo")
    assert Intervention.objects.count() == count  # a second run adds nothing
    insatser = Intervention.objects.all()
    assert set(insatser.values_list("type__slug", flat=True)) == set(
        InterventionType.objects.values_list("slug", flat=True))
    assert insatser.filter(observations__isnull=False).distinct().count() > count / 2
    assert insatser.filter(organisations__kind="polis").exists() or insatser.filter(
        responsible_organisation__kind="polis").exists()
    assert insatser.filter(type__slug="narkotikainsats").count() >= 2
    assert insatser.overdue(timezone.localdate()).exists()
    first = insatser.order_by("planned_start").first().planned_start
    assert (timezone.localdate() - first).days > 150
    meeting = EstMeeting.objects.get()
    assert (meeting.iso_year, meeting.iso_week) == shift_week(*week_of(), -1)
    assert meeting.attendees.count() >= 5 and meeting.notes
    assert meeting.decisions.filter(intervention__isnull=False).count() >= 2
    latest = SituationReport.objects.order_by("-iso_year", "-iso_week").first()
    assert latest.data["interventions"]  # compiled after the insatser were there
