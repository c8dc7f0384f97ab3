"""Benchmark of the lägesbild compile on PostgreSQL: 1,000,000 and 100,000 observations.

Run with `make bench`. It fills the database `<name>_bench` beside DATABASE_URL's with SQL
(bench/dataset.py, which drops it afterwards unless BENCH_KEEP_DATABASE=true), and prints the
figures measured in this one run, ending with one `name: value` line per figure.
"""

import statistics
import sys
import time
from datetime import timedelta
import tracemalloc

from bench import dataset  # first: it points Django at the bench database and sets it up
from bench.dataset import AREAS, YEARS, connection

from observations.situation.compile import TREND_WEEKS, compile_week  # noqa: E402
from trygghet.weeks import shift_week, week_bounds, week_just_ended  # noqa: E402

RUNS = 5

# The smallest SQL that yields the same counts as the report: this week and the eleven before by
# local ISO week, category and area (totals, per category, per area, previous week, four-week
# mean, trend); weekday and hour; the same week last year; the grid cells of this week and the
# four before; the serious and the still-open counts; the partners who logged this week.
FLOOR_SQL = [
    """SELECT date_trunc('week', occurred_at AT TIME ZONE 'Europe/Stockholm'), category_id, area_id,
              count(*)
       FROM observations_observation WHERE occurred_at >= %(trend_start)s AND occurred_at < %(end)s
       GROUP BY 1, 2, 3""",
    """SELECT extract(isodow FROM occurred_at AT TIME ZONE 'Europe/Stockholm'),
              extract(hour FROM occurred_at AT TIME ZONE 'Europe/Stockholm'), count(*),
              count(*) FILTER (WHERE severity = 'high')
       FROM observations_observation WHERE occurred_at >= %(start)s AND occurred_at < %(end)s
       GROUP BY 1, 2""",
    """SELECT category_id, area_id, count(*) FROM observations_observation
       WHERE occurred_at >= %(ly_start)s AND occurred_at < %(ly_end)s GROUP BY 1, 2""",
    """SELECT occurred_at >= %(start)s, restricted, floor(latitude / 0.00225)::int,
              floor(longitude / 0.0045)::int, count(*)
       FROM observations_observation WHERE occurred_at >= %(cells_start)s AND occurred_at < %(end)s
       GROUP BY 1, 2, 3, 4""",
    """SELECT count(*) FROM observations_observation
       WHERE status IN ('new', 'in_progress') AND occurred_at < %(stale)s""",
    """SELECT DISTINCT organisation_id FROM observations_observation
       WHERE logged_at >= %(start)s AND logged_at < %(end)s""",
]


def measure(label, week):
    year, number = week
    start, end = week_bounds(year, number)
    trend_start, _ = week_bounds(*shift_week(year, number, -(TREND_WEEKS - 1)))
    ly_start, ly_end = week_bounds(year - 1, number)
    cells_start, _ = week_bounds(*shift_week(year, number, -4))
    params = {"start": start, "end": end, "trend_start": trend_start, "ly_start": ly_start,
              "ly_end": ly_end, "cells_start": cells_start, "stale": end - timedelta(days=14)}
    compile_week(year, number)  # warm the cache, as the floor's first run does below
    compile_times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        data = compile_week(year, number)
        compile_times.append(time.perf_counter() - began)
    floor_times = []
    with connection.cursor() as c:
        for sql in FLOOR_SQL:
            c.execute(sql, params)
            c.fetchall()
        for _ in range(RUNS):
            began = time.perf_counter()
            for sql in FLOOR_SQL:
                c.execute(sql, params)
                c.fetchall()
            floor_times.append(time.perf_counter() - began)
    tracemalloc.start()
    compile_week(year, number)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    compile_s, floor_s = statistics.median(compile_times), statistics.median(floor_times)
    print(f"{label}: week {year}-W{number:02d} with {data['total']['count']} observations; "
          f"compile {compile_s:.3f} s (median of {RUNS}), floor {floor_s:.3f} s, "
          f"ratio {compile_s / floor_s:.2f}, peak {peak / 2**20:.1f} MB", flush=True)
    return compile_s, floor_s, peak / 2**20


def main():
    try:
        week = week_just_ended()
        results = {}
        # 100k_dense: as many observations a week as the 1m table, in a table a tenth the size.
        # The 1m table comes last, so that the benches after this one can reuse it.
        for label, rows, period in (("100k", 100_000, f"{YEARS} years"),
                                    ("100k_dense", 100_000, "26 weeks"),
                                    ("1m", 1_000_000, f"{YEARS} years")):
            seconds = dataset.ensure(rows, period, quiet=True)
            print(f"{label}: {rows:,} observations over {period} in {AREAS} areas "
                  + (f"generated in {seconds:.0f} s" if seconds else "reused"), flush=True)
            results[label] = measure(label, week)
    finally:
        dataset.finish()
    (c1, f1, m1), (c2, f2, m2) = results["1m"], results["100k"]
    c3, f3, m3 = results["100k_dense"]
    print()
    for name, value in [
        ("compile_s_1m", f"{c1:.3f}"), ("floor_s_1m", f"{f1:.3f}"), ("ratio_1m", f"{c1 / f1:.2f}"),
        ("peak_mb_1m", f"{m1:.1f}"), ("compile_s_100k", f"{c2:.3f}"), ("floor_s_100k", f"{f2:.3f}"),
        ("ratio_100k", f"{c2 / f2:.2f}"), ("peak_mb_100k", f"{m2:.1f}"),
        ("compile_growth_1m_over_100k", f"{c1 / c2:.2f}"),
        ("peak_mb_growth_1m_over_100k", f"{m1 / m2:.2f}"),
        ("compile_s_100k_dense", f"{c3:.3f}"), ("peak_mb_100k_dense", f"{m3:.1f}"),
        ("peak_mb_1m_over_100k_dense", f"{m1 / m3:.2f}"),
    ]:
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
