import pytest
from rest_framework.test import APIClient

from trygghet.demo_geography import AREAS, BOUNDARY
from trygghet.models import Area, Membership, Organisation
from trygghet.services import save_area

from .factories import member

R, K = Membership.Role, Organisation.Kind


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded and generated files (attachments, handlingar) go to a folder of the test's own,
    never to the working copy's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.EXPORT_ROOT = tmp_path_factory.mktemp("exports")


@pytest.fixture(autouse=True)
def fresh_options():
    """Select lists and tokens kept in the shared cache are cleared by saves and deletes,
    which a test's rollback does not send: every test starts without them."""
    from django.core.cache import cache

    from trygghet import members, options

    options.clear_all()
    # Kept API tokens and sessions, too: every test starts as a fresh server does.
    cache.delete(members.GENERATION)


@pytest.fixture(autouse=True)
def swedish():
    """Every test starts in Swedish: a request in English leaves its language active in the
    thread, where the next test's messages would be read in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def categories(db):
    """The seeded categories; seeded again where a transactional test flushed them."""
    from django.apps import apps
    from importlib import import_module

    from observations.models import Category

    if not Category.objects.exists():
        import_module("observations.migrations.0002_seed_categories").seed(apps, None)
    return {c.slug: c for c in Category.objects.all()}


@pytest.fixture
def intervention_types(db):
    """The seeded types of insats; seeded again where a transactional test flushed them."""
    from django.apps import apps
    from importlib import import_module

    from observations.interventions.models import InterventionType

    if not InterventionType.objects.exists():
        import_module("observations.interventions.migrations.0002_seed_types").seed(apps, None)
    return {t.slug: t for t in InterventionType.objects.all()}


@pytest.fixture
def areas(db, categories):
    """The demo geography: Upplands-Bro's boundary and its named areas."""
    save_area(name="Upplands-Bro kommun", kind=Area.Kind.KOMMUN, geometry=BOUNDARY)
    return {name: save_area(name=name, kind=kind, geometry=geometry)
            for name, kind, geometry, _weight in AREAS}


@pytest.fixture
def coordinator(db):
    return member(R.COORDINATOR, K.KOMMUN, "Trygghet och prevention", username="koordinator")


@pytest.fixture
def reporter(db):
    return member(R.REPORTER, K.KOMMUN, "Fältassistenterna", username="rapportor")


@pytest.fixture
def police(db):
    return member(R.READER, K.POLIS, "Polisen", username="polis")


@pytest.fixture
def guard(db):
    return member(R.REPORTER, K.VAKTARE, "Trygg Bevakning AB", username="vaktare")


@pytest.fixture
def staff(db):
    """Committee staff (nämndsekreterare) at the municipality's central office."""
    return member(R.COMMITTEE_STAFF, K.KOMMUN, "Kommunledningskontoret", username="sekreterare",
                  first_name="Sara", last_name="Sekreterare")


@pytest.fixture
def api():
    return APIClient()


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def worker(tmp_path):
    """Real `celery worker` processes on a queue of their own; tasks queued by the test (and by
    its live server) go there."""
    from trygghet.celery import app

    from .worker import Worker

    worker = Worker(tmp_path)
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = worker.queue
    yield worker
    app.conf.task_default_queue = previous
    worker.stop()
