"""The insatser list on a 360 px phone: cards a coordinator can scan, each with its title as
the heading and its status beside it, then label and value in two even columns."""

import pytest

from ..factories import InterventionFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def boxes(page, row):
    return page.evaluate("""(row) => {
        const cells = [...document.querySelectorAll('main table tbody tr')[row].cells];
        return cells.map(cell => {
            const box = cell.getBoundingClientRect();
            const value = cell.firstElementChild.getBoundingClientRect();
            return {label: cell.dataset.label, top: box.top, bottom: box.bottom,
                    left: box.left, right: box.right, value_left: value.left,
                    value_top: value.top};
        });
    }""", row)


def test_each_insats_is_a_card_with_its_status_beside_its_title_and_values_in_one_column(
        phone, coordinator, areas, intervention_types):
    InterventionFactory(title="Vuxennärvaro och fältarbete kvällstid i Kungsängen centrum",
                        areas=[areas["Kungsängen centrum"]], responsible=coordinator)
    page = phone
    log_in(page, "koordinator")
    page.goto("/insatser/")
    cells = {cell["label"]: cell for cell in boxes(page, 0)}
    title, status = cells["Insats"], cells["Status"]
    assert abs(title["top"] - status["top"]) < 2 and status["left"] > title["right"] - 2
    rows = [cells[label] for label in ("Typ", "Period", "Områden", "Ansvarig")]
    assert all(row["top"] >= title["bottom"] - 1 for row in rows)
    # Every value starts in the same column, on the line of its label.
    assert len({round(row["value_left"]) for row in rows}) == 1
    assert all(abs(row["value_top"] - row["top"]) < 8 for row in rows)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
