"""Pages of a list that may hold millions of rows: counted exactly up to a cap, beyond it
"fler än 10 000".

Counting every matching row is what made a filtered list slow (a `COUNT(*)` over a million
rows takes most of a page's database time); counting up to 10,001 takes a millisecond.
Pages are numbered as before, so next and previous (and a typed page number) keep working;
whether there is a next page is known from one row fetched beyond the page.
"""

import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property

from . import statements

COUNT_CAP = 10_000
# No list has this many pages; a larger number typed in the address is past the end.
MAX_PAGE = 10_000_000


def capped_count(rows, cap=None) -> int:
    """How many rows match, exact up to `cap` (COUNT_CAP) and `cap + 1` beyond it: SELECT
    count(*) FROM (SELECT ... LIMIT cap + 1), which the database answers from an index."""
    cap = COUNT_CAP if cap is None else cap
    return rows.order_by()[: cap + 1].count()


def capped_counts(*querysets, cap=None, reads=(), writes=()) -> list:
    """`capped_count` of each queryset (on one database), in one statement: a page that says
    how many rows its list holds and how many are new asks the database once. `reads` and
    `writes` go in the same statement (`trygghet.statements.select`); the values of `reads`
    follow the counts."""
    cap = COUNT_CAP if cap is None else cap
    parts = []
    for rows in querysets:
        try:
            sql, params = rows.order_by().values("pk")[: cap + 1].query.sql_with_params()
        except EmptyResultSet:  # rows.none(): nothing to ask
            parts.append(("SELECT 0", []))
            continue
        parts.append((f"SELECT count(*) FROM ({sql}) AS capped", params))
    return statements.select([*parts, *reads], writes=writes, using=querysets[0].db)


def cap_display(cap=None) -> str:
    """The cap as the language writes it: "10 000", "10,000"."""
    return number_format(COUNT_CAP if cap is None else cap, force_grouping=True)


class Capped:
    """What a page says of a `count` with its `cap`: whether it was reached, and the cap as
    the language writes it."""

    @property
    def capped(self):
        return self.count > self.cap

    @property
    def cap_display(self):
        return cap_display(self.cap)


@dataclass(frozen=True)
class CappedCount(Capped):
    """A count as a page shows it beside its list ("new since your last visit"): exact up to
    the cap, "fler än 10 000" beyond."""

    count: int
    cap: int


def counted(rows, cap=None) -> CappedCount:
    """`capped_count` with what a template needs to say it."""
    cap = COUNT_CAP if cap is None else cap
    return CappedCount(capped_count(rows, cap), cap)


class CappedPaginator(Capped, Paginator):
    """A Paginator whose `count` is exact up to `cap` and `cap + 1` beyond it (`capped`).
    `num_pages` is None while the end is not known."""

    def __init__(self, object_list, per_page, cap=None, values=None, **kwargs):
        """`values`: the columns a page's rows are read as (`QuerySet.values`), while the
        count asks for no columns and no joins."""
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        self.values = values

    @cached_property
    def count(self):
        rows = self.object_list
        if hasattr(rows, "count") and hasattr(rows, "query"):
            return capped_count(rows, self.cap)
        return min(len(rows), self.cap + 1)

    def count_with(self, *others, reads=(), writes=()) -> tuple[list[CappedCount], list]:
        """The list counted together with `others` (querysets a page counts beside it, such
        as what is new), capped alike, in one statement with the page's other `reads` and
        `writes` (`capped_counts`): the list's count is kept as `count`; the others' counts
        and the values of `reads` are returned."""
        values = capped_counts(self.object_list, *others, cap=self.cap, reads=reads,
                               writes=writes)
        self.__dict__.setdefault("count", values[0])
        counts = [CappedCount(count, self.cap) for count in values[1: len(others) + 1]]
        return counts, values[len(others) + 1:]

    @cached_property
    def num_pages(self):
        if self.capped:
            return None
        return max(1, math.ceil(self.count / self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # One row more than the page shows: whether there is a next page, without a count.
        rows = self.object_list if self.values is None else self.object_list.values(*self.values)
        rows = list(rows[bottom: bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            # Past the end: the last page when it is known, else the first.
            return self.page(self.num_pages or 1)
        except InvalidPage:
            return self.page(1)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0
