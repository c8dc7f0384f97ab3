"""Benchmark of the observation map and the GeoJSON API on 1,000,000 observations.

Run with `make bench` (after the lägesbild bench, reusing its database; bench/dataset.py). The
map is asked, as the map page asks it, for one view of a year's observations at a low zoom (a
desktop's view of the municipality at zoom 11), and for a quarter's; the GeoJSON API the same.
Beside them, in the same run, the floor: the smallest SQL grid aggregation of the same rows at
the same cell size. Also a zoomed-in view answered with single points. Times are medians of 7
in-process requests through the whole Django stack (middleware, session, JSON), after one to
warm up. Ends with one `name: value` line per figure.
"""

import json
import statistics
import sys
import time
from datetime import timedelta

from bench import dataset  # first: it points Django at the bench database and sets it up
from bench.dataset import connection

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from observations.maps import cell_size  # noqa: E402

RUNS = 7
ZOOM = 11
# A 1280 x 700 px view at zoom 11 around the bench's areas (17.5-17.8 E, 59.4-59.55 N).
BBOX = (17.21, 59.35, 18.09, 59.60)
# A zoomed-in view (zoom 16, a phone's screen) in the busiest area.
POINTS_ZOOM, POINTS_BBOX = 16, (17.500, 59.400, 17.507, 59.404)

FLOOR_SQL = """
    SELECT floor(longitude / %(width)s), floor(latitude / %(height)s), count(*)
    FROM observations_observation
    WHERE occurred_at >= %(start)s AND occurred_at < %(end)s
      AND longitude BETWEEN %(west)s AND %(east)s AND latitude BETWEEN %(south)s AND %(north)s
    GROUP BY 1, 2"""


def median_seconds(*runs):
    """The median seconds of each of `runs`, run in turn RUNS times (after one warm-up each),
    so that a load on the machine that comes and goes falls on all of them alike."""
    times = [[] for _ in runs]
    for run in runs:
        run()
    for _ in range(RUNS):
        for run, measured in zip(runs, times):
            began = time.perf_counter()
            run()
            measured.append(time.perf_counter() - began)
    return [statistics.median(measured) for measured in times]


def period(days):
    """The filter of the last `days` days, as the filter form takes it, and its instants."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    start = timezone.make_aware(timezone.datetime(first.year, first.month, first.day))
    end = timezone.make_aware(timezone.datetime(today.year, today.month, today.day)) + timedelta(days=1)
    return {"occurred_from": first.isoformat(), "occurred_to": today.isoformat()}, start, end


def main():
    try:
        dataset.ensure()
        user = get_user_model().objects.get(username="user1")  # a municipal partner: sees all
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        view = {"zoom": ZOOM, "bbox": ",".join(str(v) for v in BBOX)}
        width, height = cell_size(ZOOM)
        west, south, east, north = BBOX
        figures = {}

        def floor(start, end):
            with connection.cursor() as c:
                c.execute(FLOOR_SQL, {"width": width, "height": height, "start": start, "end": end,
                                      "west": west, "east": east, "south": south, "north": north})
                return json.dumps(c.fetchall())

        for label, days in (("year", 365), ("quarter", 91)):
            query, start, end = period(days)
            paths = {"map": "/observationer/karta/data/", "geojson": "/api/v1/observations/geojson/"}
            for name, path in paths.items():
                response = client.get(path, {**query, **view})
                data = response.json()
                assert response.status_code == 200 and data["kind"] == "cells", data
                figures[f"{name}_bytes_{label}"] = len(response.content)
                figures[f"{name}_count_{label}"] = data["count"]
                figures[f"{name}_cells_{label}"] = len(data["features"])
            map_s, geojson_s, floor_s = median_seconds(
                lambda: client.get(paths["map"], {**query, **view}),
                lambda: client.get(paths["geojson"], {**query, **view}),
                lambda: floor(start, end))
            figures[f"map_s_{label}"], figures[f"geojson_s_{label}"] = map_s, geojson_s
            figures[f"map_floor_s_{label}"] = floor_s
            figures[f"map_floor_bytes_{label}"] = len(floor(start, end))
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM observations_observation WHERE occurred_at >= %s "
                          "AND occurred_at < %s AND longitude BETWEEN %s AND %s AND latitude "
                          "BETWEEN %s AND %s", [start, end, west, east, south, north])
                figures[f"rows_{label}"] = c.fetchone()[0]
            assert figures[f"map_count_{label}"] == figures[f"rows_{label}"]
            print(f"{label}: {figures[f'rows_{label}']:,} observations in {figures[f'map_cells_{label}']}"
                  f" cells; map {figures[f'map_s_{label}']:.3f} s, {figures[f'map_bytes_{label}']:,} B;"
                  f" GeoJSON {figures[f'geojson_s_{label}']:.3f} s,"
                  f" {figures[f'geojson_bytes_{label}']:,} B; SQL grid floor {floor_s:.3f} s", flush=True)

        query, _start, _end = period(365)
        points_view = {**query, "zoom": POINTS_ZOOM, "bbox": ",".join(str(v) for v in POINTS_BBOX)}
        response = client.get("/observationer/karta/data/", points_view)
        data = response.json()
        assert data["kind"] == "points", data["kind"]
        figures["map_points_s"], figures["map_page_s"] = median_seconds(
            lambda: client.get("/observationer/karta/data/", points_view),
            lambda: client.get("/observationer/karta/", query))
        figures["map_points"] = data["count"]
        figures["map_points_bytes"] = len(response.content)
        print(f"zoomed in: {data['count']} points in {figures['map_points_s']:.3f} s, "
              f"{len(response.content):,} B; the page itself {figures['map_page_s']:.3f} s", flush=True)
    finally:
        dataset.finish()

    f = figures
    print()
    for name, value in [
        ("map_s_year", f"{f['map_s_year']:.4f}"), ("map_floor_s_year", f"{f['map_floor_s_year']:.4f}"),
        ("map_ratio_year", f"{f['map_s_year'] / f['map_floor_s_year']:.2f}"),
        ("map_rows_year", f["rows_year"]), ("map_cells_year", f["map_cells_year"]),
        ("map_bytes_year", f["map_bytes_year"]), ("map_bytes_quarter", f["map_bytes_quarter"]),
        ("map_floor_bytes_year", f["map_floor_bytes_year"]),
        ("map_s_quarter", f"{f['map_s_quarter']:.4f}"),
        ("map_floor_s_quarter", f"{f['map_floor_s_quarter']:.4f}"),
        ("map_ratio_quarter", f"{f['map_s_quarter'] / f['map_floor_s_quarter']:.2f}"),
        ("geojson_s_year", f"{f['geojson_s_year']:.4f}"),
        ("geojson_ratio_year", f"{f['geojson_s_year'] / f['map_floor_s_year']:.2f}"),
        ("geojson_bytes_year", f["geojson_bytes_year"]),
        ("geojson_bytes_quarter", f["geojson_bytes_quarter"]),
        ("geojson_s_quarter", f"{f['geojson_s_quarter']:.4f}"),
        ("geojson_ratio_quarter", f"{f['geojson_s_quarter'] / f['map_floor_s_quarter']:.2f}"),
        ("map_points_s", f"{f['map_points_s']:.4f}"), ("map_points", f["map_points"]),
        ("map_points_bytes", f["map_points_bytes"]), ("map_page_s", f"{f['map_page_s']:.4f}"),
    ]:
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
