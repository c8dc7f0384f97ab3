"""A page's small reads and writes go to PostgreSQL as one statement (`trygghet.statements`):
the reads see the database as it was before the writes, and the writes stand or fall
together."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trygghet import statements
from trygghet.models import LastVisit

pytestmark = pytest.mark.django_db

TABLE = LastVisit._meta.db_table


def visit(user, name, at):
    return statements.Write(
        f"INSERT INTO {TABLE} (user_id, name, at) VALUES (%s, %s, %s) "
        "ON CONFLICT (user_id, name) DO UPDATE SET at = EXCLUDED.at", [user.pk, name, at],
        lambda: None)


def last(user, name):
    return (f"SELECT at FROM {TABLE} WHERE user_id = %s AND name = %s", [user.pk, name])


def test_reads_see_the_rows_as_they_were_before_the_writes_of_the_same_statement(coordinator):
    before = timezone.now() - timedelta(days=2)
    LastVisit.objects.create(user=coordinator, name="start", at=before)
    now = timezone.now()
    with CaptureQueriesContext(connection) as context:
        previous, first, count = statements.select(
            [last(coordinator, "start"), last(coordinator, "observations.list"),
             (f"SELECT count(*) FROM {TABLE} WHERE user_id = %s", [coordinator.pk])],
            writes=[visit(coordinator, "start", now), None,
                    visit(coordinator, "observations.list", now)])
    assert len(context.captured_queries) == 1
    assert (previous, first, count) == (before, None, 1)
    assert dict(LastVisit.objects.filter(user=coordinator).values_list("name", "at")) == {
        "start": now, "observations.list": now}


def test_a_write_that_fails_takes_the_statements_other_writes_with_it(coordinator):
    now = timezone.now()
    broken = statements.Write(f"INSERT INTO {TABLE} (user_id, name, at) VALUES (NULL, 'x', %s)",
                              [now], lambda: None)
    with pytest.raises(IntegrityError), transaction.atomic():
        statements.select([last(coordinator, "start")],
                          writes=[visit(coordinator, "start", now), broken])
    assert not LastVisit.objects.exists()


def test_a_write_on_its_own(coordinator):
    now = timezone.now()
    visit(coordinator, "start", now).execute()
    visit(coordinator, "start", now + timedelta(hours=1)).execute()
    assert list(LastVisit.objects.values_list("at", flat=True)) == [now + timedelta(hours=1)]
