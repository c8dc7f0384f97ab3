"""Pages of a list that may hold millions of rows: counted exactly up to a cap, beyond it
"fler än 10 000".

Counting every matching row is what made a filtered list slow (a `COUNT(*)` over a million
rows takes most of a page's database time); counting up to 10,001 takes a millisecond.
Pages are numbered as before, so next and previous (and a typed page number) keep working;
whether there is a next page is known from one row fetched beyond the page.
"""

import functools
import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models.sql.datastructures import BaseTable
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


# -- a list's rows and counts without compiling its query again ---------------------------
#
# A list page reads its rows, counts them and counts what is new: three statements Django
# would compile from three querysets, which took more of the log page's time than its rows'
# HTML (and the API list's values() over four joins more than its rows' JSON). Most lists
# are one table filtered (no join, grouping or annotation): for those the WHERE is compiled
# once (`Plain`) and the page's statements are written around it, with the columns, the
# joins for names read through a foreign key and the order made from the model once per
# shape (`_shape`). Any other queryset goes through Django as before.


@dataclass(frozen=True)
class Plain:
    """A queryset over its model's table alone, as its compiled WHERE. `where` is "" when
    every row matches; `empty` when none can (`none()`, an empty `__in`)."""

    model: type
    table: str
    where: str
    params: tuple
    ordering: tuple
    using: str
    empty: bool = False

    @classmethod
    def of(cls, queryset):
        """The queryset as a `Plain`, or None when it is not one table filtered."""
        query = queryset.query
        table = query.get_meta().db_table
        if (query.is_sliced or query.distinct or query.combinator or query.extra
                or not query.standard_ordering  # reverse()
                or query.extra_tables or query.extra_order_by or query.annotations
                or query.group_by is not None or query.select_for_update
                or query.where.contains_aggregate or query.where.contains_over_clause
                # A join the filters trimmed again stays in alias_map, unreferenced.
                or any(query.alias_refcount[alias] and (
                    alias != table or not isinstance(join, BaseTable))
                    for alias, join in query.alias_map.items())):
            return None
        ordering = tuple(query.order_by) or (
            tuple(query.get_meta().ordering) if query.default_ordering else ())
        compiler = query.get_compiler(using=queryset.db)
        quoted = compiler.quote_name_unless_alias(table)
        try:
            where, params = compiler.compile(query.where)
        except FullResultSet:
            where, params = "", ()
        except EmptyResultSet:
            return cls(query.model, quoted, "", (), ordering, queryset.db, empty=True)
        return cls(query.model, quoted, f" WHERE {where}" if where else "", tuple(params),
                   ordering, queryset.db)

    def count_sql(self, cap) -> tuple[str, tuple]:
        """The capped count as a scalar subquery, as `capped_count` asks it."""
        if self.empty:
            return "SELECT 0", ()
        return (f"SELECT count(*) FROM (SELECT 1 FROM {self.table}{self.where} LIMIT {cap + 1})"
                " AS capped", self.params)

    def rows(self, names, offset, limit) -> list[dict] | None:
        """`values(*names)[offset:offset + limit]` in the queryset's order, or None when a
        column or the order is not one `_shape` writes."""
        shape = _shape(self.model, tuple(names), self.ordering, self.using)
        if shape is None:
            return None
        if self.empty:
            return []
        select, joins, order = shape
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT {select} FROM {self.table}{joins}{self.where}{order}"
                           f" LIMIT {int(limit)} OFFSET {int(offset)}", self.params)
            return [dict(zip(names, row)) for row in cursor.fetchall()]


@functools.lru_cache(maxsize=256)
def _shape(model, names, ordering, using):
    """The SELECT list, joins and ORDER BY of `values(*names)` in `ordering`, or None unless
    each name is a column of the model's table, or of a table one foreign key away
    (`category__name`, joined LEFT so that no row is lost, which for a column read through
    a foreign key answers as Django's join), that the driver answers as Django would (no
    converter), and each ordering is by a column of the model's own table."""
    if not names:  # values() without names: every field, as Django answers it
        return None
    opts, connection = model._meta, connections[using]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    joins = {}

    def readable(field, owner):
        if field not in owner.local_concrete_fields:
            return False
        col = field.get_col(owner.db_table)
        return not (connection.ops.get_db_converters(col) or col.get_db_converters(connection))

    def column(name, related=True):
        head, _, rest = name.partition("__")
        try:
            field = opts.pk if head == "pk" else opts.get_field(head)
        except FieldDoesNotExist:
            return None
        if not rest:
            return (field, f"{table}.{quote(field.column)}") if readable(field, opts) else None
        if not (related and field.many_to_one and field in opts.local_concrete_fields):
            return None
        other = field.remote_field.model._meta
        try:
            target = other.pk if rest == "pk" else other.get_field(rest)
        except FieldDoesNotExist:
            return None
        if not readable(target, other):
            return None
        if field.name not in joins:
            alias = quote(f"j{len(joins)}")
            joins[field.name] = (
                f" LEFT OUTER JOIN {quote(other.db_table)} {alias} ON "
                f"({table}.{quote(field.column)} = {alias}.{quote(field.target_field.column)})",
                alias)
        return target, f"{joins[field.name][1]}.{quote(target.column)}"

    select = []
    for name in names:
        found = column(name)
        if found is None:
            return None
        select.append(found[1])
    order = []
    for item in ordering:
        if not isinstance(item, str) or item in ("?", "-?"):
            return None
        name = item.removeprefix("-")
        found = column(name, related=False)
        # By a relation's name Django orders by the related model's ordering (a join).
        if found is None or (found[0].is_relation and name != found[0].attname):
            return None
        order.append(f"{found[1]} DESC" if item.startswith("-") else f"{found[1]} ASC")
    return (", ".join(select), "".join(join for join, _alias in joins.values()),
            f" ORDER BY {', '.join(order)}" if order else "")


def _count_sql(rows, cap, plain=None) -> tuple[str, list]:
    plain = plain if plain is not None else Plain.of(rows)
    if plain is not None:
        return plain.count_sql(cap)
    try:
        sql, params = rows.order_by().values("pk")[: cap + 1].query.sql_with_params()
    except EmptyResultSet:  # rows.none(): nothing to ask
        return "SELECT 0", ()
    return f"SELECT count(*) FROM ({sql}) AS capped", params


def capped_counts(*querysets, cap=None, reads=(), writes=(), plain=None) -> list:
    """`capped_count` of each queryset (on one database), in one statement: a page that says
    how many rows its list holds and how many are new asks the database once. `reads` and
    `writes` go in the same statement (`trygghet.statements.select`); the values of `reads`
    follow the counts. `plain`: the first queryset's `Plain`, when the caller has it."""
    cap = COUNT_CAP if cap is None else cap
    parts = [_count_sql(rows, cap, plain if i == 0 else None) for i, rows in enumerate(querysets)]
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
            return capped_counts(rows, cap=self.cap, plain=self.plain)[0]
        return min(len(rows), self.cap + 1)

    def count_with(self, *others, reads=(), writes=()) -> tuple[list[CappedCount], list]:
        """The list counted together with `others` (querysets a page counts beside it, such
        as what is new), capped alike, in one statement with the page's other `reads` and
        `writes` (`capped_counts`): the list's count is kept as `count`; the others' counts
        and the values of `reads` are returned."""
        values = capped_counts(self.object_list, *others, cap=self.cap, reads=reads,
                               writes=writes, plain=self.plain)
        self.__dict__.setdefault("count", values[0])
        counts = [CappedCount(count, self.cap) for count in values[1: len(others) + 1]]
        return counts, values[len(others) + 1:]

    @cached_property
    def plain(self):
        """The list as one table filtered (`Plain`), compiled once for its rows and count."""
        rows = self.object_list
        return Plain.of(rows) if hasattr(rows, "query") else None

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
        rows = None
        if self.values is not None and self.plain is not None:
            rows = self.plain.rows(self.values, bottom, self.per_page + 1)
        if rows is None:
            rows = (self.object_list if self.values is None
                    else self.object_list.values(*self.values))
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
