"""A countable commitment's progress is counted from the insatser themselves: what counts,
what does not, and in how many queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises import services
from promises.models import Commitment
from promises.progress import counted, progress_of

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def done(commitment):
    return progress_of([commitment])[commitment.pk].done


def test_a_done_joint_insats_in_a_focus_area_in_the_period_counts(commitments, make_insats,
                                                                  areas):
    make_insats([areas["Bro centrum"]])
    progress = progress_of(commitments.values())
    joint = progress[commitments["joint"].pk]
    assert (joint.done, joint.target) == (1, 8)
    assert commitments["walks"].pk not in progress  # followed up by hand, not counted


def test_an_insats_outside_the_focus_areas_does_not_count(commitments, make_insats, areas):
    make_insats([areas["Råby"]])
    assert done(commitments["joint"]) == 0


def test_an_insats_outside_the_period_does_not_count(commitments, make_insats, areas):
    make_insats([areas["Bro centrum"]], start=date(YEAR - 1, 12, 31))
    make_insats([areas["Bro centrum"]], start=date(YEAR + 1, 1, 1))
    assert done(commitments["joint"]) == 0
    make_insats([areas["Bro centrum"]], start=date(YEAR, 12, 31))
    make_insats([areas["Bro centrum"]], start=date(YEAR, 1, 1))
    assert done(commitments["joint"]) == 2


def test_an_insats_without_the_police_does_not_count_for_a_joint_commitment(
        commitments, make_insats, areas, guard):
    make_insats([areas["Bro centrum"]], partners=[])
    make_insats([areas["Bro centrum"]], partners=[guard.membership.organisation])
    assert done(commitments["joint"]) == 0


def test_the_police_as_owner_with_the_municipality_taking_part_counts_as_joint(
        commitments, make_insats, areas, police, coordinator):
    make_insats([areas["Kungsängen station"]], owner=police,
                partners=[coordinator.membership.organisation])
    assert done(commitments["joint"]) == 1


def test_an_insats_of_another_type_does_not_count(commitments, make_insats, areas):
    make_insats([areas["Bro centrum"]], type="extra-vaktarrond")
    make_insats([areas["Bro centrum"]], type="narkotikainsats")
    assert done(commitments["joint"]) == 0
    assert done(commitments["drugs"]) == 1


def test_planned_and_ongoing_insatser_are_counted_beside_not_as_progress(
        commitments, make_insats, areas):
    make_insats([areas["Bro station"]], status="planned")
    make_insats([areas["Bro station"]], status="ongoing")
    make_insats([areas["Bro station"]], status="cancelled")
    progress = progress_of([commitments["joint"]])[commitments["joint"].pk]
    assert (progress.done, progress.planned) == (0, 2)


def test_an_insats_in_an_area_inside_a_chosen_area_counts_but_not_the_other_way(
        promise, coordinator, make_insats, areas, intervention_types):
    bro = services.save_commitment(by=coordinator, promise=promise, text="I hela Bro.",
                                   kind="countable", target=3, areas=[areas["Bro"]])
    centrum = services.save_commitment(by=coordinator, promise=promise, text="Bro centrum.",
                                       kind="countable", target=3, areas=[areas["Bro centrum"]])
    make_insats([areas["Bro centrum"]])
    make_insats([areas["Bro"]])
    assert (done(bro), done(centrum)) == (2, 1)


def test_without_areas_anywhere_the_whole_municipality_counts(agreement, coordinator, make_insats,
                                                              areas):
    promise = services.save_promise(by=coordinator, agreement=agreement, title="Hela kommunen",
                                    period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31))
    commitment = services.save_commitment(by=coordinator, promise=promise, text="Överallt.",
                                          kind="countable", target=5)
    make_insats([])
    make_insats([areas["Brunna"]], partners=[])
    assert done(commitment) == 2


def test_a_commitment_may_count_a_shorter_period_than_its_promise(promise, coordinator,
                                                                 make_insats, areas):
    spring = services.save_commitment(
        by=coordinator, promise=promise, text="Under våren.", kind="countable", target=2,
        period_start=date(YEAR, 3, 1), period_end=date(YEAR, 5, 31))
    make_insats([areas["Bro centrum"]], start=date(YEAR, 4, 1))
    make_insats([areas["Bro centrum"]], start=date(YEAR, 6, 1))
    assert done(spring) == 1


def test_the_counted_insatser_are_the_ones_the_count_says(commitments, make_insats, areas):
    counting = make_insats([areas["Bro centrum"]])
    make_insats([areas["Råby"]])
    planned = make_insats([areas["Bro centrum"]], status="planned")
    assert set(counted(commitments["joint"])) == {counting, planned}


def queries(call):
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def of_promise(promise):
    """The promise's commitments as a page loads them: fresh, nothing prefetched."""
    return lambda: progress_of(list(Commitment.objects.filter(promise=promise)))


def test_progress_takes_the_same_queries_for_10_and_500_insatser(promise, commitments,
                                                                 make_insats, areas):
    make_insats([areas["Bro centrum"]], count=10)
    with_10 = queries(of_promise(promise))
    make_insats([areas["Kungsängen centrum"], areas["Råby"]], count=490, type="narkotikainsats")
    with_500 = queries(of_promise(promise))
    assert with_10 == with_500
    progress = of_promise(promise)()
    assert (progress[commitments["joint"].pk].done,
            progress[commitments["drugs"].pk].done) == (10, 490)


def test_progress_of_many_commitments_is_one_count_query(promise, coordinator, make_insats,
                                                         areas):
    for i in range(2):
        services.save_commitment(by=coordinator, promise=promise, text=f"Åtagande {i}",
                                 kind="countable", target=2)
    make_insats([areas["Bro centrum"]], count=5)
    with_2 = queries(of_promise(promise))
    for i in range(10):
        services.save_commitment(by=coordinator, promise=promise, text=f"Fler {i}",
                                 kind="countable", target=2)
    assert queries(of_promise(promise)) == with_2
