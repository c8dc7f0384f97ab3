"""The daily overdue job in real worker processes over a real Redis broker: one mail per
overdue insats and day, however often beat fires it and however often its message is
delivered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trygghet.celery import app
from trygghet.models import SideEffect

from ..factories import InterventionFactory
from ..worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

TASK = "interventions.send_overdue_reminders_task"


def sent_mails(folder):
    return sum(path.read_text().count("\nSubject: ") + path.read_text().startswith("Subject: ")
               for path in folder.glob("*.log")) if folder.exists() else 0


def test_the_overdue_job_mails_each_owner_once_per_insats_and_day_however_often_it_runs(
        worker, tmp_path, guard, police, intervention_types):
    mails = tmp_path / "mail"
    worker.env.update(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                      EMAIL_FILE_PATH=str(mails))
    today = timezone.localdate()
    for owner in (guard, police):
        owner.email = f"{owner.username}@example.se"
        owner.save()
    for owner, days in ((guard, 1), (guard, 4), (police, 2)):
        InterventionFactory(responsible=owner, planned_start=today - timedelta(days=10),
                            planned_end=today - timedelta(days=days))
    InterventionFactory(responsible=police, planned_end=today + timedelta(days=2))

    worker.start()
    worker.start()
    # Beat fires twice, and one message is delivered again (as after a worker died holding it).
    for task_id in ("beat-1", "beat-2", "beat-2"):
        app.send_task(TASK, task_id=task_id, queue=worker.queue)
    wait_for(lambda: worker.logs().count("succeeded") >= 3, timeout=60,
             message="three runs of the job\n" + worker.logs())

    assert sent_mails(mails) == 3
    assert SideEffect.objects.filter(key__startswith="interventions.overdue:").count() == 3
    # The next day it is due again: once more each.
    app.send_task(TASK, kwargs={"day": (today + timedelta(days=1)).isoformat()},
                  queue=worker.queue)
    wait_for(lambda: worker.logs().count("succeeded") >= 4, timeout=60,
             message="the next day's run\n" + worker.logs())
    assert sent_mails(mails) == 6
