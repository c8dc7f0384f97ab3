"""With the broker unreachable, compiling and publishing answer as usual (no 5xx, a clear
message); when it is back the outbox sweep hands the work to a real worker, which does it
exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from observations.situation import services
from observations.situation.models import CompileJob, SituationReport
from trygghet import outbox
from trygghet.celery import app
from trygghet.models import OutboxMessage
from trygghet.weeks import week_bounds

from ..factories import ObservationFactory
from ..worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

CLOSED_PORT = "redis://127.0.0.1:1/15"


@pytest.fixture
def broker(worker):
    """Switch the broker off and on, as Redis going down and coming back would."""
    good = app.conf.broker_url

    class Switch:
        def down(self):
            app.conf.broker_url = CLOSED_PORT

        def up(self):
            app.conf.broker_url = good

    yield Switch()
    app.conf.broker_url = good


def sweep_later(minutes=1):
    """The beat's sweep, as it runs a little later."""
    return outbox.sweep(now=timezone.now() + timedelta(minutes=minutes))


def test_compiling_with_the_broker_down_answers_and_is_done_once_when_it_is_back(
        client, api, broker, worker, areas, reporter, coordinator):
    start, _ = week_bounds(2026, 45)
    for hours in range(0, 100, 10):
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours))
    broker.down()
    client.force_login(coordinator)
    response = client.post("/lagesbild/", {"week": "2026-W45"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    api.force_login(coordinator)
    answer = api.post("/api/v1/situation-reports/compile/", {"year": 2026, "week": 44},
                      format="json")
    assert answer.status_code == 202
    assert CompileJob.objects.filter(state="queued").count() == 2
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
    assert sweep_later() == 0  # still down: nothing sent, nothing lost

    broker.up()
    worker.start()
    assert sweep_later() == 2
    for week in (44, 45):
        wait_for(lambda w=week: SituationReport.objects.filter(iso_week=w).exists(),
                 timeout=60, message=f"week {week}\n" + worker.logs())
    wait_for(lambda: not OutboxMessage.objects.filter(done_at__isnull=True).exists(),
             message="the outbox to be done")
    # A sweep much later finds nothing to send again; the work was done once.
    assert sweep_later(minutes=120) == 0
    assert SituationReport.objects.filter(iso_week=45).count() == 1
    assert SituationReport.objects.get(iso_week=45).data["total"]["count"] == 10
    assert set(CompileJob.objects.values_list("state", "attempts")) == {("done", 1)}


def test_publishing_with_the_broker_down_publishes_and_mails_once_when_it_is_back(
        client, broker, worker, areas, reporter, coordinator, police, tmp_path):
    mails = tmp_path / "mail"
    worker.env.update({"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                       "EMAIL_FILE_PATH": str(mails)})
    police.email = "polis@example.se"
    police.save()
    police.membership.lagesbild_email = True
    police.membership.save()
    start, _ = week_bounds(2026, 45)
    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=5))
    report = services.compile_now(year=2026, week=45).report

    broker.down()
    client.force_login(coordinator)
    response = client.post(f"/lagesbild/{report.pk}/analys/", {
        "analysis": "Lugn vecka.", "recommendations": "", "publish": "1",
        "revision": report.revision}, follow=True)
    assert response.status_code == 200
    assert "Lägesbilden är publicerad." in response.content.decode()
    report.refresh_from_db()
    assert report.is_published

    broker.up()
    worker.start()
    assert sweep_later() == 1
    wait_for(lambda: mails.exists() and len(list(mails.iterdir())) == 1, timeout=60,
             message="the mail\n" + worker.logs())
    wait_for(lambda: OutboxMessage.objects.get().done_at is not None, message="done")
    # The same message delivered again (a redelivery, a second sweep): still one mail.
    app.send_task(services.PUBLISHED_MAIL_TASK, args=[report.pk])
    wait_for(lambda: worker.logs().count("succeeded") >= 2, message="the second run")
    assert len(list(mails.iterdir())) == 1
    assert "polis@example.se" in next(mails.iterdir()).read_text()
