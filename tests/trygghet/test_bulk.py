"""Many rows at once (trygghet.bulk): what COPY stores is what a save would have stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from observations.models import Observation, ObservationEvent
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
