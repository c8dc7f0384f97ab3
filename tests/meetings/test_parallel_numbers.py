"""Diarienummer stay unique when many cases are created at the same moment: each thread has
its own PostgreSQL connection and transaction, as web processes and API calls would."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from meetings import diarium
from meetings.models import Case

from .conftest import draft

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 50


def run_at_once(work):
    """Start PARALLEL threads that begin together; returns what each returned or raised."""
    barrier = threading.Barrier(PARALLEL)
    results = [None] * PARALLEL

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 (each outcome is judged by the test)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_fifty_cases_created_at_once_get_fifty_distinct_numbers(staff, committee):
    assert connection.vendor == "postgresql"
    results = run_at_once(lambda i: draft(staff, committee, title=f"Ärende {i}").diarienummer)
    assert all(isinstance(r, str) for r in results), [r for r in results if not isinstance(r, str)]
    assert len(set(results)) == PARALLEL
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == list(range(1, PARALLEL + 1))


def test_fifty_cases_asking_for_one_number_at_once_get_it_once_and_a_message_otherwise(
        staff, committee):
    wanted = diarium.parse("KS 22/0091")
    results = run_at_once(lambda i: draft(staff, committee, title=f"Ärende {i}",
                                          diarienummer=wanted))
    created = [r for r in results if isinstance(r, Case)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1 and len(refused) == PARALLEL - 1
    assert all("KS 22/0091 används redan" in r.message_dict["diarienummer"][0] for r in refused)
    assert Case.objects.filter(series="KS", year=22, number=91).count() == 1
