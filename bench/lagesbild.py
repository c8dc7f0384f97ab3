"""Benchmark of the lägesbild compile on PostgreSQL: 1,000,000 and 100,000 observations.

Run with `make bench`. It creates (and afterwards drops) the database `<name>_bench` beside
DATABASE_URL's, fills it with SQL, and prints the figures measured in this one run, ending
with one `name: value` line per figure.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
import tracemalloc
from urllib.parse import urlsplit, urlunsplit

import psycopg2

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet")
parts = urlsplit(BASE_URL)
BENCH_DB = parts.path.lstrip("/") + "_bench"
ADMIN_URL = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or urlunsplit(parts._replace(path="/" + BENCH_DB))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings")
os.environ.setdefault("TRYGGHET_TESTING", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from observations.situation.compile import TREND_WEEKS, compile_week  # noqa: E402
from trygghet.weeks import shift_week, week_bounds, week_just_ended  # noqa: E402

AREAS = 30
YEARS = 5
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


def admin(sql):
    conn = psycopg2.connect(ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def fixtures():
    """Organisations, users and 30 areas in a grid, through SQL."""
    with connection.cursor() as c:
        c.execute("INSERT INTO trygghet_organisation (name, kind, active) SELECT 'Partner ' || i, "
                  "'kommun', true FROM generate_series(1, 8) i")
        c.execute("INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, "
                  "email, is_staff, is_active, date_joined) SELECT 'user' || i, '!', false, '', '', "
                  "'', false, true, now() FROM generate_series(1, 8) i")
        c.execute("INSERT INTO trygghet_membership (user_id, organisation_id, role, lagesbild_email)"
                  " SELECT u.id, o.id, 'reporter', false FROM auth_user u JOIN trygghet_organisation o"
                  " ON o.name = 'Partner ' || substr(u.username, 5)")
        c.execute("""
            INSERT INTO trygghet_area (name, kind, geometry, min_lon, min_lat, max_lon, max_lat, size)
            SELECT 'Område ' || i, 'annat',
              json_build_object('type', 'Polygon', 'coordinates', json_build_array(json_build_array(
                json_build_array(17.5 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03),
                json_build_array(17.55 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03),
                json_build_array(17.55 + (i %% 6) * 0.05, 59.43 + (i / 6) * 0.03),
                json_build_array(17.5 + (i %% 6) * 0.05, 59.43 + (i / 6) * 0.03),
                json_build_array(17.5 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03)))),
              17.5 + (i %% 6) * 0.05, 59.4 + (i / 6) * 0.03, 17.55 + (i %% 6) * 0.05,
              59.43 + (i / 6) * 0.03, 0.0015
            FROM generate_series(0, %s - 1) i""", [AREAS])


def fill(rows, period="5 years"):
    """`rows` observations over the period up to now, weighted to weekend evenings and centres."""
    with connection.cursor() as c:
        c.execute("TRUNCATE observations_observationevent, observations_observationaccess, "
                  "observations_situationreport, observations_compilerequest, "
                  "observations_observation RESTART IDENTITY")
        c.execute("SELECT setseed(0.42)")
        c.execute("""
            WITH ids AS (SELECT array_agg(id ORDER BY id) AS c FROM observations_category),
                 areas AS (SELECT array_agg(id ORDER BY id) AS a FROM trygghet_area),
                 people AS (SELECT array_agg(user_id ORDER BY user_id) AS u,
                                   array_agg(organisation_id ORDER BY user_id) AS o
                            FROM trygghet_membership),
                 raw AS (SELECT now() - random() * interval '%s' AS t,
                                floor(random() * 12)::int AS ci, floor(power(random(), 2) * %s)::int AS ai,
                                floor(random() * 8)::int AS pi, random() AS r
                         FROM generate_series(1, %s))
            INSERT INTO observations_observation (category_id, occurred_at, latitude, longitude,
                placement, area_id, place_description, description, severity, people_count,
                restricted, status, reporter_id, organisation_id, logged_at, updated_at, closed_at,
                source, revision)
            SELECT ids.c[ci + 1], t, 59.4 + (ai / 6) * 0.03 + random() * 0.03,
                   17.5 + (ai %% 6) * 0.05 + random() * 0.05, 'point', areas.a[ai + 1], '',
                   'Benchmark', CASE WHEN r < 0.1 THEN 'high' WHEN r < 0.4 THEN 'medium' ELSE 'low' END,
                   NULL, r < 0.05,
                   CASE WHEN t > now() - interval '28 days' THEN
                        (ARRAY['new', 'in_progress', 'resolved'])[1 + floor(r * 3)::int]
                        WHEN r < 0.01 THEN 'in_progress' ELSE 'resolved' END,
                   people.u[pi + 1], people.o[pi + 1], t + interval '1 hour', t,
                   CASE WHEN t > now() - interval '28 days' THEN NULL ELSE t + interval '3 days' END,
                   'import', 0
            FROM raw, ids, areas, people
            -- A log is written as things happen: rows lie on disk in time order, as in use.
            ORDER BY t""" % (period, AREAS, rows))
        c.execute("ANALYZE observations_observation")


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
    admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        call_command("migrate", verbosity=0)
        fixtures()
        week = week_just_ended()
        results = {}
        # 100k_dense: as many observations a week as the 1m table, in a table a tenth the size.
        for label, rows, period in (("1m", 1_000_000, f"{YEARS} years"),
                                    ("100k", 100_000, f"{YEARS} years"),
                                    ("100k_dense", 100_000, "26 weeks")):
            began = time.perf_counter()
            fill(rows, period)
            print(f"{label}: {rows:,} observations over {period} in {AREAS} areas "
                  f"generated in {time.perf_counter() - began:.0f} s", flush=True)
            results[label] = measure(label, week)
    finally:
        connection.close()
        admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
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
