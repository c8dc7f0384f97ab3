import os

from celery import Celery
from celery.signals import task_failure, task_success

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings")

app = Celery("trygghet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_success.connect
def _outbox_done(sender=None, **kwargs):
    # Tasks queued through trygghet.outbox carry their message's id as task id.
    from . import outbox

    outbox.mark_done(sender.request.id)


@task_failure.connect
def _outbox_failed(sender=None, task_id=None, exception=None, **kwargs):
    from . import outbox

    outbox.mark_failed(task_id, repr(exception))
