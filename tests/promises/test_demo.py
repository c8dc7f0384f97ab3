"""The demo holds the 2018 medborgarlöfte and the 2021 agreement in the municipality's words,
a current promise whose countable commitments count the demo's insatser, a walk whose findings
are in the log, and a published yearly report."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement, YearlyReport
from promises.demo import COMMITMENTS
from promises.models import Dialogue, Promise
from promises.progress import progress_of

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_seeds_agreement_and_promises_word_for_word():
    call_command("load_demo")
    agreement = Agreement.objects.get(signed_on__isnull=False)
    assert [p.name for p in agreement.priority_areas.all()] == [
        "Inget utsatt område i Upplands-Bro", "Våld", "Trygga offentliga miljöer",
        "Ungdomar i riskzonen"]
    old = Promise.objects.get(title="Medborgarlöfte i Upplands-Bro 2018")
    assert old.status == "followed_up" and old.adopted_on is None
    assert [c.text for c in old.commitments.all()] == [text for text, _rule in COMMITMENTS]
    assert "Minst åtta i förväg planerade gemensamma insatser på dessa platser" in COMMITMENTS[1][0]
    current = Promise.objects.exclude(pk=old.pk).get()
    assert current.status == "adopted" and current.agreement == agreement
    countable = [c for c in current.commitments.all() if c.is_countable]
    assert [c.target for c in countable] == [8, 4]
    assert progress_of(countable)[countable[0].pk].done > 0  # the joint insatser show progress
    walk = Dialogue.objects.get(kind="trygghetsvandring")
    assert walk.walk_findings.filter(observation__isnull=False).count() == 2
    report = YearlyReport.objects.get()
    assert report.is_published and report.data["promises"]
    call_command("load_demo")
    assert Promise.objects.count() == 2 and YearlyReport.objects.count() == 1
