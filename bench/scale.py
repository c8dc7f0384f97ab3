"""Benchmark of what users touch every day, at a large city's scale (1,000,000 observations),
each against a floor measured beside it in the same run:

- the API list (50 rows, by token) against a bare Django view returning the same 50 rows
  by hand-written SQL: in-process latency through the whole middleware stack, and
  throughput with several clients against gunicorn on loopback, both with the repository's
  gunicorn.conf.py;
- the list page filtered by one category against a bare Django view running its rows' SQL
  and its capped count, rendering them as the smallest table;
- the list page searched for words (free text), a word about one row in a hundred holds and a
  misspelt one that none holds, against a bare view running the same search's SQL;
- logging one observation at a time through the API against a bare view running one INSERT
  transaction per request;
- the bulk endpoint against a bare view that COPYs the posted rows, and, to show what the
  product's three rows per observation cost, against a bare view that COPYs each observation
  with its history line and its audit entry and answers their ids.

Floors are bare Django views, through the same middleware, as the issue that set the goals
defines them; the same SQL without Django is printed beside (`ingest_db_*`, `bulk_copy_*`).

Run with `make bench` (after the lägesbild bench, whose million rows it reuses). It prints
`name: value` lines at the end; ratios are app/floor as the figures read (throughput ratios
for the API and ingest, where higher is better; a time ratio for the page, lower is better).
"""

import io
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.request import Request, urlopen

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
# The bench is one user making thousands of requests: no throttle may answer 429.
os.environ.setdefault("API_USER_RATE", "100000000/hour")

from bench import dataset  # noqa: E402  (first: it points Django at the bench database)
from bench.dataset import connection  # noqa: E402

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from observations.models import Category  # noqa: E402
from trygghet import heap  # noqa: E402
from trygghet.models import Area, Membership  # noqa: E402

ROWS = dataset.DEFAULT_ROWS
LATENCY_RUNS = 200
CLIENTS = 8
THROUGHPUT_SECONDS = 10
INGEST_ROWS = 300
BULK_ROWS = 1000
BULK_RUNS = 5
# The log's free-text search: a word in about one row in a hundred, and a misspelt one in none
# (the database must show that no row holds it).
SEARCHES = (("word", "busskuren"), ("none", "busskurem"))
ROOT = Path(__file__).resolve().parent.parent


def median_ms(function, runs=LATENCY_RUNS):
    function()  # warm
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def medians_ms(*functions, runs=LATENCY_RUNS):
    """`median_ms` of each function, run in turns (one call of each per round), so that a
    neighbour's load on this machine falls on the app and its floor alike rather than on
    whichever ran while it lasted."""
    for function in functions:
        function()  # warm
    times = [[] for _ in functions]
    for _ in range(runs):
        for function, taken in zip(functions, times):
            began = time.perf_counter()
            function()
            taken.append(time.perf_counter() - began)
    return [statistics.median(taken) * 1000 for taken in times]


def bench_user():
    """user1 (a reporter of a municipal partner, who sees every row) and a token."""
    membership = Membership.objects.select_related("user").get(user__username="user1")
    token, _created = Token.objects.get_or_create(user=membership.user)
    return membership.user, token.key


# -- the API list ---------------------------------------------------------------------------

def api_list_in_process(token):
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")

    def app():
        response = client.get("/api/v1/observations/", {"page_size": 50})
        assert response.status_code == 200 and len(response.json()["results"]) == 50

    def floor():
        response = client.get("/api/bench-floor/observations/")
        assert response.status_code == 200 and len(response.json()["results"]) == 50

    # First with the collector as a process starts, then with the start-up heap settled as
    # gunicorn.conf.py settles it in every web worker (frozen, collected less often).
    unfrozen_ms, _floor_ms = medians_ms(app, floor)
    heap.settle()
    app_ms, floor_ms = medians_ms(app, floor)
    return app_ms, floor_ms, unfrozen_ms


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(url, headers, seconds=THROUGHPUT_SECONDS, clients=CLIENTS):
    """Requests per second that `clients` threads get answered, each one after the other."""
    done, errors, stop = [0] * clients, [], threading.Event()

    def run(i):
        while not stop.is_set():
            try:
                with urlopen(Request(url, headers=headers), timeout=30) as response:
                    response.read()
                done[i] += 1
            except Exception as error:  # noqa: BLE001 - counted, shown, and the figure dropped
                errors.append(error)
                return

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{url}: {errors[0]!r}")
    return sum(done) / (time.perf_counter() - began)


def api_list_gunicorn(token):
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "trygghet.wsgi", "--config", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--error-logfile", "-",
         "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urlopen(f"{base}/health/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Token {token}", "Host": "127.0.0.1"}
        app_url, floor_url = f"{base}/api/v1/observations/?page_size=50", f"{base}/api/bench-floor/observations/"
        throughput(app_url, auth, seconds=2)  # every worker warm
        throughput(floor_url, auth, seconds=2)
        # Alternate, so that a neighbour's load falls on both alike.
        app, floor = [], []
        for _ in range(2):
            app.append(throughput(app_url, auth, seconds=THROUGHPUT_SECONDS / 2))
            floor.append(throughput(floor_url, auth, seconds=THROUGHPUT_SECONDS / 2))
        return sum(app) / len(app), sum(floor) / len(floor)
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- the list page --------------------------------------------------------------------------

def page_list(user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    category = Category.objects.order_by("order", "name")[3]
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM observations_observation WHERE category_id = %s", [category.pk])
        matching = c.fetchone()[0]

    def app():
        response = client.get("/observationer/", {"category": category.pk})
        assert response.status_code == 200 and response.content.count(b"<tr>") == 51

    def floor():
        response = client.get("/api/bench-floor/page/", {"category": category.pk})
        assert response.status_code == 200 and response.content.count(b"<tr>") == 50

    def full_count():
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM observations_observation WHERE category_id = %s",
                      [category.pk])
            c.fetchone()

    return (*medians_ms(app, floor, runs=100), median_ms(full_count, runs=20),
            matching)


def page_search(user, words):
    """The log searched for `words` (`?q=`), against a bare view with the same search's SQL;
    the two must show the same rows."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    found = {}

    def app():
        response = client.get("/observationer/", {"q": words})
        assert response.status_code == 200
        found["app"] = re.findall(rb'href="/observationer/(\d+)/', response.content)

    def floor():
        response = client.get("/api/bench-floor/search/", {"q": words})
        assert response.status_code == 200
        found["floor"] = re.findall(rb"<tr><td>(\d+)</td>", response.content)

    app_ms, floor_ms = medians_ms(app, floor, runs=50)
    assert found["app"] == found["floor"], found
    return app_ms, floor_ms, len(found["app"])


# -- logging --------------------------------------------------------------------------------

def points(n, seed):
    """Places inside the bench's areas, times within the last days."""
    rng = random.Random(seed)
    areas = list(Area.objects.order_by("id").values_list("min_lat", "min_lon", "max_lat", "max_lon"))
    categories = list(Category.objects.filter(active=True).values_list("id", flat=True))
    now = timezone.now()
    rows = []
    for i in range(n):
        south, west, north, east = rng.choice(areas)
        rows.append({
            "category": rng.choice(categories),
            "occurred_at": (now - timedelta(minutes=rng.randint(5, 60 * 24 * 20))).isoformat(),
            "latitude": rng.uniform(south + 0.001, north - 0.001),
            "longitude": rng.uniform(west + 0.001, east - 0.001),
            "severity": rng.choice(["low", "medium", "high"]),
            # A text of its own per row, as partners' systems send them.
            "description": f"Klotter på vägg {seed}-{i}",
        })
    return rows


INSERT_SQL = """
    INSERT INTO observations_observation (category_id, occurred_at, latitude, longitude, placement,
        area_id, place_description, description, severity, people_count, restricted, status,
        reporter_id, organisation_id, logged_at, updated_at, source, revision)
    VALUES (%s, %s, %s, %s, 'point', NULL, '', %s, %s, NULL, false, 'new', %s, %s, now(), now(),
        'api', 0)"""


def ingest(user, token):
    """Rows per second logged one request at a time: through the API, through a bare view
    that INSERTs each row in its own transaction (the floor), and, for reference, by the same
    INSERT transactions on a connection with no Django at all."""
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    organisation_id = user.membership.organisation_id

    def rate(url, seed):
        rows = points(INGEST_ROWS, seed=seed)
        client.post(url, rows[0], content_type="application/json")  # warm
        began = time.perf_counter()
        for row in rows[1:]:
            response = client.post(url, row, content_type="application/json")
            assert response.status_code == 201, response.content
        return (len(rows) - 1) / (time.perf_counter() - began)

    # Alternate, so that a neighbour's load falls on both alike.
    app, floor = [], []
    for run in range(2):
        app.append(rate("/api/v1/observations/", seed=1 + run))
        floor.append(rate("/api/bench-floor/log/", seed=3 + run))
    connection.ensure_connection()
    raw = connection.connection
    autocommit = raw.autocommit
    raw.autocommit = True  # each INSERT its own transaction, as each API call is
    try:
        with raw.cursor() as c:
            began = time.perf_counter()
            for row in points(INGEST_ROWS, seed=5):
                c.execute("BEGIN")
                c.execute(INSERT_SQL, [row["category"], row["occurred_at"], row["latitude"],
                                       row["longitude"], row["description"], row["severity"],
                                       user.pk, organisation_id])
                c.execute("COMMIT")
            database = INGEST_ROWS / (time.perf_counter() - began)
    finally:
        raw.autocommit = autocommit
    return statistics.mean(app), statistics.mean(floor), database


COPY_COLUMNS = ("category_id", "occurred_at", "latitude", "longitude", "placement", "area_id",
                "place_description", "description", "severity", "restricted", "status",
                "reporter_id", "organisation_id", "logged_at", "updated_at", "source", "revision")


def bulk(user, token):
    """Rows per second in requests of BULK_ROWS: through the bulk endpoint, through a bare view
    that COPYs the posted rows (the floor), and, for reference, COPY with no Django at all."""
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    organisation_id = user.membership.organisation_id
    app_times, floor_times, same_times, copy_times = [], [], [], []
    for run in range(BULK_RUNS):
        for url, times, seed in (("/api/v1/observations/bulk/", app_times, 100),
                                 ("/api/bench-floor/bulk/", floor_times, 200),
                                 ("/api/bench-floor/bulk-same-rows/", same_times, 400)):
            body = "\n".join(json.dumps(row) for row in points(BULK_ROWS, seed=seed + run))
            began = time.perf_counter()
            response = client.post(url, body, content_type="application/x-ndjson")
            times.append(time.perf_counter() - began)
            assert response.status_code == 200, response.content[:500]
            if not url.endswith("floor/bulk/"):
                created = sum(1 for r in response.json()["results"] if r.get("id"))
                assert created == BULK_ROWS, response.content[:500]

        copy = io.StringIO()
        for row in points(BULK_ROWS, seed=300 + run):
            copy.write("\t".join(str(v) for v in (
                row["category"], row["occurred_at"], row["latitude"], row["longitude"], "point",
                "\\N", "", row["description"], row["severity"], "f", "new", user.pk,
                organisation_id, timezone.now().isoformat(), timezone.now().isoformat(), "api",
                0)) + "\n")
        began = time.perf_counter()
        with connection.cursor() as c:
            copy.seek(0)
            c.cursor.copy_expert(f"COPY observations_observation ({', '.join(COPY_COLUMNS)}) "
                                 f"FROM STDIN", copy)
        connection.commit() if not connection.get_autocommit() else None
        copy_times.append(time.perf_counter() - began)
    return tuple(BULK_ROWS / statistics.median(times)
                 for times in (app_times, floor_times, same_times, copy_times))


def main():
    figures = []
    try:
        dataset.ensure(ROWS)
        user, token = bench_user()

        app_ms, floor_ms, unfrozen_ms = api_list_in_process(token)
        print(f"api list (50 rows, in-process, median of {LATENCY_RUNS}): {app_ms:.2f} ms "
              f"({unfrozen_ms:.2f} ms before the heap was settled), floor {floor_ms:.2f} ms", flush=True)
        app_rps, floor_rps = api_list_gunicorn(token)
        print(f"api list (50 rows, {CLIENTS} clients, gunicorn on loopback): {app_rps:.0f} req/s, "
              f"floor {floor_rps:.0f} req/s", flush=True)
        figures += [("api_list_ms_1m", f"{app_ms:.2f}"), ("api_list_floor_ms_1m", f"{floor_ms:.2f}"),
                    ("api_list_ms_1m_gc_unfrozen", f"{unfrozen_ms:.2f}"),
                    ("api_list_ratio_1m", f"{floor_ms / app_ms:.2f}"),
                    ("api_list_rps_1m", f"{app_rps:.0f}"), ("api_list_floor_rps_1m", f"{floor_rps:.0f}"),
                    ("api_list_rps_ratio_1m", f"{app_rps / floor_rps:.2f}")]

        page_ms, page_floor_ms, count_ms, matching = page_list(user)
        print(f"list page (one category, {matching:,} rows): {page_ms:.2f} ms, a bare view with "
              f"its SQL and capped count {page_floor_ms:.2f} ms (the full count alone: {count_ms:.2f} ms)", flush=True)
        figures += [("page_list_ms_1m", f"{page_ms:.2f}"), ("page_list_floor_ms_1m", f"{page_floor_ms:.2f}"),
                    ("page_list_ratio_1m", f"{page_ms / page_floor_ms:.2f}"),
                    ("page_full_count_ms_1m", f"{count_ms:.2f}")]

        for name, words in SEARCHES:
            search_ms, search_floor_ms, shown = page_search(user, words)
            print(f"list page searched for {words!r} ({shown} rows shown): {search_ms:.2f} ms, a "
                  f"bare view with its SQL and capped count {search_floor_ms:.2f} ms", flush=True)
            figures += [(f"page_search_{name}_ms_1m", f"{search_ms:.2f}"),
                        (f"page_search_{name}_floor_ms_1m", f"{search_floor_ms:.2f}"),
                        (f"page_search_{name}_ratio_1m", f"{search_ms / search_floor_ms:.2f}")]

        app, floor, database = ingest(user, token)
        print(f"logging one at a time through the API: {app:.0f} rows/s, a bare view with one "
              f"INSERT transaction per request {floor:.0f} rows/s (the same transactions "
              f"without Django: {database:.0f} rows/s)", flush=True)
        figures += [("ingest_rows_per_s", f"{app:.0f}"), ("ingest_floor_rows_per_s", f"{floor:.0f}"),
                    ("ingest_ratio", f"{app / floor:.2f}"),
                    ("ingest_db_rows_per_s", f"{database:.0f}"),
                    ("ingest_db_ratio", f"{app / database:.2f}")]

        app, floor, same, database = bulk(user, token)
        print(f"bulk ingest ({BULK_ROWS} rows a request): {app:.0f} rows/s, a bare view with COPY "
              f"{floor:.0f} rows/s (COPY without Django: {database:.0f} rows/s; a bare view "
              f"storing the same three rows per observation by COPY: {same:.0f} rows/s)",
              flush=True)
        figures += [("bulk_rows_per_s", f"{app:.0f}"), ("bulk_floor_rows_per_s", f"{floor:.0f}"),
                    ("bulk_ratio", f"{app / floor:.2f}"),
                    ("bulk_same_rows_floor_rows_per_s", f"{same:.0f}"),
                    ("bulk_same_rows_ratio", f"{app / same:.2f}"),
                    ("bulk_copy_rows_per_s", f"{database:.0f}"),
                    ("bulk_copy_ratio", f"{app / database:.2f}")]
    finally:
        try:
            dataset.restore(ROWS)
        finally:
            dataset.finish()
        print()
        for name, value in figures:
            print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
