"""The benchmarks' database: `<name>_bench` beside DATABASE_URL's, filled with SQL.

Importing this module points Django at the bench database and sets it up; call `ensure(rows)`
before using it. A database that already holds the asked-for rows is reused (a fill of a
million rows takes a minute or two), so one bench after another, or a second run, starts at
once. `python -m bench.dataset [rows]` fills it; `python -m bench.dataset --drop` drops it.

Every bench ends with `finish()`, which drops the database unless BENCH_KEEP_DATABASE=true
(`make bench` keeps it between its benches and drops it after the last).
"""

import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg2

from bench import fixtures as fixtures_sql

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet")
_parts = urlsplit(BASE_URL)
BENCH_DB = _parts.path.lstrip("/") + "_bench"
ADMIN_URL = urlunsplit(_parts._replace(scheme="postgresql", path="/postgres"))
BENCH_URL = os.environ.get("BENCH_DATABASE_URL") or urlunsplit(_parts._replace(path="/" + BENCH_DB))
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings")
os.environ.setdefault("TRYGGHET_TESTING", "true")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

AREAS = 30
PARTNERS = 8
YEARS = 5
DEFAULT_ROWS = 1_000_000
DEFAULT_PERIOD = f"{YEARS} years"
# Raised whenever fill() writes different rows, so that a database filled by an older fill
# is filled again rather than reused.
FILL_VERSION = 2
# Where things were seen, as reporters write it; one row in three leaves it blank.
PLACES = ("vid busshållplatsen", "vid gångtunneln", "på torget", "vid cykelparkeringen",
          "bakom skolan", "vid pendeltågsstationen", "i parken", "vid centrumentrén",
          "på parkeringsplatsen", "vid idrottsplatsen", "längs gångvägen", "vid förskolan")


def _descriptions():
    """The demo's phrases of what was seen, per category slug in the categories' id order; a
    free-text search then has the words it has in use (`{n}` becomes a number)."""
    from observations.demo import DESCRIPTIONS

    with connection.cursor() as c:
        c.execute("SELECT slug FROM observations_category ORDER BY id")
        slugs = [slug for slug, in c.fetchall()]
    return [DESCRIPTIONS.get(slug, ["Observation."]) for slug in slugs]


def admin(sql):
    """Run one statement on the server's `postgres` database (create and drop)."""
    fixtures_sql.admin(ADMIN_URL, sql)


def exists():
    conn = psycopg2.connect(ADMIN_URL)
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        found = cursor.fetchone() is not None
    conn.close()
    return found


def fixtures():
    """Organisations, users and 30 areas in a grid, through SQL (once per database)."""
    with connection.cursor() as c:
        c.execute("SELECT 1 FROM trygghet_organisation WHERE name = 'Partner 1'")
        if c.fetchone():
            return
        fixtures_sql.partners_and_areas(c, partners=PARTNERS, areas=AREAS)


def _filled_with():
    """The (rows, period) the observation table was last filled with, if it still holds them."""
    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS bench_dataset (rows bigint NOT NULL, period text NOT NULL)")
        c.execute("ALTER TABLE bench_dataset ADD COLUMN IF NOT EXISTS version int NOT NULL DEFAULT 1")
        c.execute("SELECT rows, period, version FROM bench_dataset")
        row = c.fetchone()
        if row is None or row[2] != FILL_VERSION:
            return None
        row = row[:2]
        c.execute("SELECT count(*) FROM observations_observation")
        return row if c.fetchone()[0] == row[0] else None


def fill(rows, period=DEFAULT_PERIOD):
    """`rows` observations over the period up to now, weighted to weekend evenings and centres."""
    with connection.cursor() as c:
        c.execute("TRUNCATE observations_observationevent, observations_observationaccess, "
                  "observations_situationreport, observations_compilerequest, "
                  "observations_observation RESTART IDENTITY CASCADE")
        phrases = _descriptions()
        c.execute("SELECT setseed(0.42)")
        c.execute("""
            DROP TABLE IF EXISTS bench_phrases;
            CREATE TEMPORARY TABLE bench_phrases (category int, n int, phrase text)""")
        c.executemany("INSERT INTO bench_phrases VALUES (%s, %s, %s)", [
            (ci, n, phrase) for ci, texts in enumerate(phrases) for n, phrase in enumerate(texts)]
            + [(-1, n, place) for n, place in enumerate(PLACES)])
        c.execute("""
            WITH ids AS (SELECT array_agg(id ORDER BY id) AS c FROM observations_category),
                 phrases AS (SELECT category, array_agg(phrase ORDER BY n) AS p
                             FROM bench_phrases GROUP BY category),
                 places AS (SELECT array_agg(phrase ORDER BY n) AS p FROM bench_phrases
                            WHERE category = -1),
                 areas AS (SELECT array_agg(id ORDER BY id) AS a FROM trygghet_area),
                 people AS (SELECT array_agg(user_id ORDER BY user_id) AS u,
                                   array_agg(organisation_id ORDER BY user_id) AS o
                            FROM trygghet_membership WHERE role = 'reporter'),
                 raw AS (SELECT now() - random() * interval '%s' AS t,
                                floor(random() * 12)::int AS ci, floor(power(random(), 2) * %s)::int AS ai,
                                floor(random() * %s)::int AS pi, random() AS r, random() AS d
                         FROM generate_series(1, %s))
            INSERT INTO observations_observation (category_id, occurred_at, latitude, longitude,
                placement, area_id, place_description, description, severity, people_count,
                restricted, status, reporter_id, organisation_id, logged_at, updated_at, closed_at,
                source, revision)
            SELECT ids.c[ci + 1], t, 59.4 + (ai / 6) * 0.03 + random() * 0.03,
                   17.5 + (ai %% 6) * 0.05 + random() * 0.05, 'point', areas.a[ai + 1],
                   CASE WHEN d < 0.33 THEN '' ELSE places.p[1 + floor(d * 1000)::int %% 12] END,
                   replace(phrases.p[1 + floor(d * 100)::int %% cardinality(phrases.p)], '{n}',
                           (2 + floor(d * 10000)::int %% 15)::text),
                   CASE WHEN r < 0.1 THEN 'high' WHEN r < 0.4 THEN 'medium' ELSE 'low' END,
                   NULL, r < 0.05,
                   CASE WHEN t > now() - interval '28 days' THEN
                        (ARRAY['new', 'in_progress', 'resolved'])[1 + floor(r * 3)::int]
                        WHEN r < 0.01 THEN 'in_progress' ELSE 'resolved' END,
                   people.u[pi + 1], people.o[pi + 1], t + interval '1 hour', t,
                   CASE WHEN t > now() - interval '28 days' THEN NULL ELSE t + interval '3 days' END,
                   'import', 0
            FROM raw JOIN phrases ON phrases.category = raw.ci, ids, areas, people, places
            -- A log is written as things happen: rows lie on disk in time order, as in use.
            ORDER BY t""" % (period, AREAS, PARTNERS, rows))
        c.execute("DELETE FROM bench_dataset")
        c.execute("INSERT INTO bench_dataset (rows, period, version) VALUES (%s, %s, %s)",
                  [rows, period, FILL_VERSION])
    settle()


def settle():
    """VACUUM ANALYZE the observations, as autovacuum would soon do in use: the planner's
    statistics, and the visibility map that lets a count be answered from an index alone.
    Done by every bench at its start and end, so that no bench measures whether autovacuum
    happened to run meanwhile."""
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE observations_observation")


def ensure(rows=DEFAULT_ROWS, period=DEFAULT_PERIOD, *, quiet=False):
    """Make the bench database hold `rows` observations over `period`; reuse it when it does.

    Returns the seconds spent filling (0 when reused). A bench that adds rows of its own
    should delete them afterwards (`restore(rows)`), or the next `ensure` fills again.
    """
    # Nothing kept from another bench database (members, options): a fresh server's cache.
    cache.clear()
    if not exists():
        admin(f'CREATE DATABASE "{BENCH_DB}"')
    call_command("migrate", verbosity=0)
    fixtures()
    if _filled_with() == (rows, period):
        settle()
        if not quiet:
            print(f"dataset: reusing {rows:,} observations over {period} in {BENCH_DB}", flush=True)
        return 0.0
    began = time.perf_counter()
    fill(rows, period)
    seconds = time.perf_counter() - began
    if not quiet:
        print(f"dataset: {rows:,} observations over {period} in {AREAS} areas generated "
              f"in {seconds:.0f} s", flush=True)
    return seconds


def restore(rows):
    """Delete what a bench added beyond the first `rows` observations (ids are 1..rows)."""
    with connection.cursor() as c:
        for table in ("observations_observationevent", "observations_observationaccess"):
            c.execute(f"DELETE FROM {table} WHERE observation_id > %s", [rows])
        c.execute("DELETE FROM observations_observation WHERE id > %s", [rows])
        # The logging benches' audit entries, of the observations just deleted.
        c.execute("DELETE FROM trygghet_auditentry WHERE verb = 'observation.logged' AND "
                  "CASE WHEN object_id ~ '^[0-9]+$' THEN object_id::bigint > %s END", [rows])
    settle()


def keep():
    return os.environ.get("BENCH_KEEP_DATABASE", "").lower() in ("1", "true", "yes")


def drop():
    connection.close()
    admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


def finish():
    """End of a bench: drop the database unless BENCH_KEEP_DATABASE asks to keep it."""
    connection.close()
    if not keep():
        drop()


if __name__ == "__main__":
    if sys.argv[1:] == ["--drop"]:
        drop()
    else:
        ensure(int(sys.argv[1]) if sys.argv[1:] else DEFAULT_ROWS)
        connection.close()
