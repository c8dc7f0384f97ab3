"""Benchmark of the observation export on PostgreSQL: 10,000 and 100,000 rows in each format.

Run with `make bench`. It creates (and afterwards drops) the database `<name>_bench_exports`
beside DATABASE_URL's, fills it with SQL, and writes each export as a job does (the filter, a
server-side cursor, the read log, the file, its storage). Each export runs in a fresh process,
so that its peak memory is its own: the growth of the process's resident memory above what it
held before (the kernel's high-water mark, reset just before), which counts the database
driver's buffers too, and tracemalloc's peak of Python objects in a second run. Streamed, both
stay flat from 10,000 rows to 100,000. Ends with one `name: value` line per figure.
"""

import json
import os
import subprocess
import sys
import time
import tracemalloc
from urllib.parse import urlsplit, urlunsplit

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet")
parts = urlsplit(BASE_URL)
BENCH_DB = parts.path.lstrip("/") + "_bench_exports"
ADMIN_URL = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
# The measuring processes are handed the bench database's address as it is.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_EXPORTS_DATABASE_URL") or urlunsplit(
    parts._replace(path="/" + BENCH_DB))
os.environ["BENCH_EXPORTS_DATABASE_URL"] = os.environ["DATABASE_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings")
os.environ.setdefault("TRYGGHET_TESTING", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench import fixtures as fixtures_sql  # noqa: E402

FORMATS = ("xlsx", "csv", "geojson")
SIZES = (("10k", 10_000), ("100k", 100_000))
AREAS = 30


def admin(sql):
    fixtures_sql.admin(ADMIN_URL, sql)


def fixtures():
    """Eight partner organisations with a reporter each, a coordinator (who sees restricted
    rows, so that the read log is written as in use) and 30 areas, through SQL."""
    with connection.cursor() as c:
        fixtures_sql.partners_and_areas(c, partners=8, areas=AREAS, coordinator=True)


def fill(rows):
    """`rows` observations over the last year with free text of a realistic length; one in
    twenty restricted."""
    with connection.cursor() as c:
        c.execute("TRUNCATE observations_observationevent, observations_observationaccess, "
                  "observations_exportjob, observations_observation RESTART IDENTITY CASCADE")
        c.execute("SELECT setseed(0.42)")
        c.execute("""
            WITH ids AS (SELECT array_agg(id ORDER BY id) AS c FROM observations_category),
                 areas AS (SELECT array_agg(id ORDER BY id) AS a FROM trygghet_area),
                 people AS (SELECT array_agg(m.user_id ORDER BY m.user_id) AS u,
                                   array_agg(m.organisation_id ORDER BY m.user_id) AS o
                            FROM trygghet_membership m WHERE m.role = 'reporter'),
                 raw AS (SELECT now() - random() * interval '360 days' AS t,
                                floor(random() * 12)::int AS ci, floor(random() * %s)::int AS ai,
                                floor(random() * 8)::int AS pi, random() AS r
                         FROM generate_series(1, %s))
            INSERT INTO observations_observation (category_id, occurred_at, latitude, longitude,
                placement, area_id, place_description, description, severity, people_count,
                restricted, status, reporter_id, organisation_id, logged_at, updated_at, closed_at,
                source, revision)
            SELECT ids.c[ci + 1], t, 59.4 + (ai / 6) * 0.03 + random() * 0.03,
                   17.5 + (ai %% 6) * 0.05 + random() * 0.05, 'point', areas.a[ai + 1],
                   'Vid busshållplatsen norr om stationen',
                   repeat('En grupp ungdomar samlades vid entrén och spelade hög musik. ', 3),
                   CASE WHEN r < 0.1 THEN 'high' WHEN r < 0.4 THEN 'medium' ELSE 'low' END,
                   CASE WHEN r < 0.5 THEN 1 + floor(r * 20)::int END, r < 0.05, 'new',
                   people.u[pi + 1], people.o[pi + 1], t + interval '1 hour', t, NULL, 'import', 0
            FROM raw, ids, areas, people ORDER BY t""" % (AREAS, rows))
        c.execute("ANALYZE observations_observation")


def _rss_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def measure_one(fmt):
    """In a fresh process: one export as a job writes it. Prints a JSON line."""
    from django.contrib.auth import get_user_model

    from observations import services
    from observations.models import ExportJob

    owner = get_user_model().objects.get(username="user9")

    def run():
        job = ExportJob.objects.create(requested_by=owner, format=fmt, filters={})
        began, cpu = time.perf_counter(), time.process_time()
        job = services.run_export(job_id=job.pk)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        job.file.delete(save=False)
        return job.rows_done, seconds, cpu

    # Warm up imports and caches on a tiny export, so that only the export's own memory counts.
    small = ExportJob.objects.create(requested_by=owner, format=fmt,
                                     filters={"q": ["nothing matches this"]})
    services.run_export(job_id=small.pk)
    before = _rss_kb("VmRSS")
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the high-water mark to the current size
    rows, seconds, cpu = run()
    rss_peak_mb = (_rss_kb("VmHWM") - before) / 1024
    tracemalloc.start()
    run()
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu_seconds": cpu,
                      "rss_peak_mb": rss_peak_mb,
                      "traced_peak_mb": traced / 2**20}))


def measure(fmt):
    output = subprocess.run([sys.executable, "-m", "bench.exports", "--measure", fmt],
                            check=True, capture_output=True, text=True, env=os.environ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin(f'CREATE DATABASE "{BENCH_DB}"')
    figures = {}
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        fixtures()
        for label, rows in SIZES:
            began = time.perf_counter()
            fill(rows)
            print(f"{label}: {rows:,} observations generated in "
                  f"{time.perf_counter() - began:.0f} s", flush=True)
            for fmt in FORMATS:
                result = measure(fmt)
                assert result["rows"] == rows, result
                figures[fmt, label] = result
                print(f"{label} {fmt}: {rows / result['seconds']:,.0f} rows/s "
                      f"({result['seconds']:.2f} s, of which {result['cpu_seconds']:.2f} s this "
                      f"process's CPU), peak {result['rss_peak_mb']:.1f} MB resident, "
                      f"{result['traced_peak_mb']:.1f} MB Python objects", flush=True)
    finally:
        connection.close()
        admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    print()
    rate = {fmt: 100_000 / figures[fmt, "100k"]["seconds"] for fmt in FORMATS}
    peak = {label: max(figures[fmt, label]["rss_peak_mb"] for fmt in FORMATS)
            for label, _rows in SIZES}
    traced = {label: max(figures[fmt, label]["traced_peak_mb"] for fmt in FORMATS)
              for label, _rows in SIZES}
    # The headline is the slowest format's: what a user waits for at worst.
    lines = [("export_rows_per_s", f"{min(rate.values()):.0f}")]
    lines += [(f"export_rows_per_s_{fmt}", f"{rate[fmt]:.0f}") for fmt in FORMATS]
    # Rows per second of the exporting process's own CPU: the same figure with the time spent
    # waiting for the database, or for a core on a busy machine, left out.
    lines += [(f"export_rows_per_cpu_s_{fmt}",
               f"{100_000 / figures[fmt, '100k']['cpu_seconds']:.0f}") for fmt in FORMATS]
    lines += [("export_peak_mb_10k", f"{peak['10k']:.1f}"),
              ("export_peak_mb_100k", f"{peak['100k']:.1f}"),
              ("export_traced_peak_mb_10k", f"{traced['10k']:.1f}"),
              ("export_traced_peak_mb_100k", f"{traced['100k']:.1f}")]
    lines += [(f"export_peak_mb_{label}_{fmt}", f"{figures[fmt, label]['rss_peak_mb']:.1f}")
              for label, _rows in SIZES for fmt in FORMATS]
    for name, value in lines:
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure_one(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
