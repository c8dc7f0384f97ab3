import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings")

app = Celery("trygghet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
