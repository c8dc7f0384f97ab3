"""Many rows at once (trygghet.bulk): what COPY stores is what a save would have stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations.models import Category, Observation, ObservationEvent
from trygghet import bulk

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


def test_rows_are_stored_with_their_values_converted_as_a_save_converts_them(
        categories, reporter):
    observation = ObservationFactory(reporter=reporter)
    text = "slut på data: \\.\nnästa rad\tflik \\N inte null"
    with CaptureQueriesContext(connection) as context:
        ids = bulk.insert_rows(ObservationEvent, [
            {"observation_id": str(observation.pk), "kind": "comment", "author_id": reporter.pk,
             "comment": text},
            {"observation_id": observation.pk, "kind": "comment", "author_id": str(reporter.pk),
             "comment": ""},
        ])
    assert any(q["sql"].startswith('COPY "observations_observationevent"')
               for q in context.captured_queries)
    first, second = (ObservationEvent.objects.get(pk=pk) for pk in ids)
    assert first.comment == text and second.comment == ""
    assert first.author == second.author == reporter and first.created_at is not None
    assert ids == sorted(ids)


def test_new_objects_get_the_ids_their_rows_were_stored_under(categories, reporter):
    made = [ObservationFactory.build(reporter=reporter, description=f"nummer {i}")
            for i in range(30)]
    bulk.insert(made)
    assert all(Observation.objects.get(pk=o.pk).description == o.description for o in made)


def test_a_key_that_is_no_column_is_refused_before_anything_is_stored(categories, reporter):
    observation = ObservationFactory(reporter=reporter)
    with pytest.raises(TypeError, match="author"):
        bulk.insert_rows(ObservationEvent, [{"observation_id": observation.pk, "kind": "comment",
                                             "author": reporter}])
    assert not ObservationEvent.objects.filter(kind="comment").exists()


def test_a_new_instance_built_for_an_import_is_the_one_the_constructor_builds(
        categories, reporter):
    import time_machine

    from trygghet.models import AuditEntry

    category = Category.objects.first()
    values = {"category_id": category.pk, "reporter_id": reporter.pk,
              "organisation_id": reporter.membership.organisation_id, "latitude": 59.5,
              "longitude": 17.6, "occurred_at": timezone.now(), "description": "Klotter"}
    with time_machine.travel(timezone.now(), tick=False):
        built = bulk.new(Observation, related={"category": category}, **values)
        constructed = Observation(**values)
        entry, plain_entry = bulk.new(AuditEntry, verb="x"), AuditEntry(verb="x")
    state = {key: value for key, value in vars(constructed).items() if key != "_state"}
    assert {key: value for key, value in vars(built).items() if key != "_state"} == state
    assert built._state.adding and built._state.db is None and built.category == category
    # A callable default (the empty dict of changes) is called anew for each instance.
    assert entry.changes == plain_entry.changes == {} and entry.changes is not bulk.new(
        AuditEntry, verb="y").changes
    with pytest.raises(TypeError, match="categori"):
        bulk.new(Observation, categori=category.pk)


def test_the_rows_of_one_import_are_stored_at_one_moment(categories, reporter):
    made = [ObservationFactory.build(reporter=reporter) for _ in range(5)]
    bulk.insert(made)
    stored = Observation.objects.filter(pk__in=[o.pk for o in made])
    assert len({o.updated_at for o in stored}) == 1
    assert {o.updated_at for o in made} == {stored[0].updated_at}
    bulk.insert_rows(ObservationEvent, [{"observation_id": o.pk, "kind": "comment",
                                         "author_id": reporter.pk} for o in made])
    comments = ObservationEvent.objects.filter(kind="comment")
    assert comments.values("created_at").distinct().count() == 1


def test_values_equal_in_python_but_not_alike_are_each_stored_as_they_are(reporter):
    """A column of one value is written once, but 1 and True, or a list of numbers and one of
    flags, are not one value."""
    from trygghet.models import AuditEntry

    observation = ObservationFactory(reporter=reporter)
    ids = bulk.insert_rows(ObservationEvent, [
        {"observation_id": observation.pk, "kind": "comment", "author_id": reporter.pk,
         "comment": value} for value in (1, True)])
    assert [ObservationEvent.objects.get(pk=pk).comment for pk in ids] == ["1", "True"]
    bulk.insert_rows(AuditEntry, [{"actor_name": "x", "verb": "bulk.test", "changes": changes}
                                  for changes in ({"r": [0, 1]}, {"r": [False, True]})],
                     returning=False)
    stored = AuditEntry.objects.filter(verb="bulk.test").order_by("pk")
    assert [entry.changes for entry in stored] == [{"r": [0, 1]}, {"r": [False, True]}]
    assert [type(entry.changes["r"][0]) for entry in stored] == [int, bool]
