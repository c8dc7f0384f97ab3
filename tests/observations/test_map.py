"""The map of a filtered set of any size: points when the view holds few, counted grid cells
when it holds many; every row counted, nothing restricted leaked, any input answered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations import maps
from observations.models import Observation, ObservationAccess

from ..factories import ObservationFactory, spread_observations

pytestmark = pytest.mark.django_db

PATHS = ["/observationer/karta/data/", "/api/v1/observations/geojson/"]


def fill(n, *, reporter, year, seed=1, **fields):
    spread_observations(n, reporter=reporter, year=year, seed=seed, **fields)


@pytest.fixture
def last_year():
    return timezone.localdate().year - 1


@pytest.mark.parametrize("path", PATHS)
def test_the_counts_of_a_years_map_add_up_to_the_filtered_count(client, areas, coordinator,
                                                                 last_year, path):
    fill(1500, reporter=coordinator, year=last_year)
    fill(300, reporter=coordinator, year=last_year - 1, seed=2)
    fill(200, reporter=coordinator, year=last_year, seed=3, severity="high")
    client.force_login(coordinator)
    year = {"occurred_from": f"{last_year}-01-01", "occurred_to": f"{last_year}-12-31"}
    for query in ({"zoom": 10}, {"zoom": 13, "bbox": "17,59,18,60"}, {}, {"zoom": 0}):
        data = client.get(path, {**year, **query}).json()
        assert data["kind"] == "cells"
        assert sum(f["properties"]["count"] for f in data["features"]) == data["count"] == 1700
    # A filter narrows the cells as it narrows the list.
    data = client.get(path, {**year, "severity": "high", "zoom": 10}).json()
    assert data["kind"] == "points" and data["count"] == len(data["features"]) == 200
    data = client.get(path, {**year, "severity": "medium", "zoom": 10}).json()
    assert sum(f["properties"]["count"] for f in data["features"]) == 1500


def test_a_view_counts_the_rows_inside_it_and_zoomed_in_shows_them_one_by_one(
        client, areas, coordinator, last_year):
    fill(1500, reporter=coordinator, year=last_year)
    client.force_login(coordinator)
    west, south, east, north = 17.60, 59.50, 17.62, 59.51
    inside = Observation.objects.filter(longitude__gte=west, longitude__lte=east,
                                        latitude__gte=south, latitude__lte=north)
    data = client.get(PATHS[0], {"zoom": 16, "bbox": f"{west},{south},{east},{north}"}).json()
    assert data["kind"] == "points"
    assert sorted(f["id"] for f in data["features"]) == sorted(inside.values_list("pk", flat=True))
    point = data["features"][0]
    assert point["properties"]["url"] == f"/observationer/{point['id']}/"
    assert set(point["properties"]) == {"kind", "category", "occurred_at", "severity", "status",
                                        "area", "placement", "url"}
    # The heat map asks for cells whatever the number.
    cells = client.get(PATHS[0], {"zoom": 16, "bbox": f"{west},{south},{east},{north}",
                                  "kind": "cells"}).json()
    assert cells["kind"] == "cells"
    assert sum(f["properties"]["count"] for f in cells["features"]) == inside.count()


def test_cells_get_smaller_as_the_map_zooms_in(client, areas, coordinator, last_year):
    fill(1200, reporter=coordinator, year=last_year)
    client.force_login(coordinator)
    sizes = []
    for zoom in (9, 11, 13):
        data = client.get(PATHS[0], {"zoom": zoom}).json()
        west, south, east, north = data["features"][0]["properties"]["bounds"]
        sizes.append((len(data["features"]), east - west))
        for feature in data["features"]:
            w, s, e, n = feature["properties"]["bounds"]
            lon, lat = feature["geometry"]["coordinates"]
            assert w - 1e-5 <= lon <= e + 1e-5 and s - 1e-5 <= lat <= n + 1e-5
    assert sizes[0][0] < sizes[1][0] < sizes[2][0]
    assert sizes[0][1] == pytest.approx(4 * sizes[1][1], rel=1e-4)
    assert sizes[0][1] == pytest.approx(16 * sizes[2][1], rel=1e-4)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("kind", ["points", "cells"])
def test_the_same_number_of_queries_for_10_and_2000_rows(client, areas, coordinator, last_year,
                                                         monkeypatch, path, kind):
    if kind == "cells":
        monkeypatch.setattr(maps, "POINT_CAP", 5)
    else:
        monkeypatch.setattr(maps, "POINT_CAP", 5000)
    # Restricted rows from the start: their reads are logged, in one insert however many.
    fill(10, reporter=coordinator, year=last_year, restricted=True)
    client.force_login(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(path, {"zoom": 11})
        assert response.status_code == 200 and response.json()["kind"] == kind
        return len(context.captured_queries)

    with_10 = queries()
    fill(1990, reporter=coordinator, year=last_year, seed=5, restricted=True)
    assert queries() == with_10


@pytest.mark.parametrize("path", PATHS)
def test_a_guard_never_gets_a_restricted_rows_point_nor_counts_it(
        client, areas, reporter, guard, last_year, monkeypatch, path):
    fill(40, reporter=reporter, year=last_year, restricted=True, description="Langning.")
    fill(60, reporter=reporter, year=last_year, seed=2)
    client.force_login(guard)
    restricted = set(Observation.objects.filter(restricted=True).values_list("pk", flat=True))
    points = client.get(path, {"zoom": 18}).json()
    assert points["kind"] == "points" and points["count"] == 60
    assert not restricted & {f["id"] for f in points["features"]}
    monkeypatch.setattr(maps, "POINT_CAP", 5)
    for query in ({"zoom": 12}, {"zoom": 18, "kind": "cells"}):
        cells = client.get(path, query).json()
        assert cells["kind"] == "cells"
        assert sum(f["properties"]["count"] for f in cells["features"]) == 60
    assert not ObservationAccess.objects.exists()


@pytest.mark.parametrize("path, via", [(PATHS[0], "map"), (PATHS[1], "geojson")])
def test_points_log_the_reads_of_restricted_rows_and_cells_log_none(
        client, areas, reporter, police, last_year, monkeypatch, path, via):
    fill(3, reporter=reporter, year=last_year, restricted=True, description="Langning.")
    fill(4, reporter=reporter, year=last_year, seed=2)
    client.force_login(police)
    body = client.get(path, {"zoom": 14}).content.decode()
    assert "Langning" not in body  # a map carries no free text
    reads = list(ObservationAccess.objects.values_list("observation_id", "via"))
    assert sorted(reads) == sorted(
        (pk, via) for pk in Observation.objects.filter(restricted=True).values_list("pk", flat=True))
    ObservationAccess.objects.all().delete()
    monkeypatch.setattr(maps, "POINT_CAP", 2)
    assert client.get(path, {"zoom": 14}).json()["kind"] == "cells"
    assert not ObservationAccess.objects.exists()


BAD_VIEWS = [
    ({"zoom": "-1"}, "zoom"), ({"zoom": "20"}, "zoom"), ({"zoom": "1.5"}, "zoom"),
    ({"zoom": "stor"}, "zoom"), ({"zoom": "9" * 50}, "zoom"), ({"zoom": "nan"}, "zoom"),
    ({"bbox": "17,59,18"}, "bbox"), ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "nan,59,18,60"}, "bbox"), ({"bbox": "17,59,inf,60"}, "bbox"),
    ({"bbox": "18,59,17,60"}, "bbox"), ({"bbox": "17,60,18,59"}, "bbox"),
    ({"bbox": "17,-91,18,60"}, "bbox"), ({"bbox": "-181,59,18,60"}, "bbox"),
    ({"bbox": "1e400,59,18,60"}, "bbox"), ({"bbox": "1," * 5000}, "bbox"),
    ({"bbox": "17,59,18,60,1"}, "bbox"), ({"kind": "alla"}, "kind"),
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("query, field", BAD_VIEWS, ids=[str(q) for q, _f in BAD_VIEWS])
def test_a_bad_zoom_or_bbox_is_a_400_with_a_swedish_field_error(client, areas, coordinator,
                                                                 path, query, field):
    ObservationFactory(reporter=coordinator)
    client.force_login(coordinator)
    response = client.get(path, query)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    message = " ".join(errors[field])
    assert {"zoom": "Zoomnivån ska vara", "bbox": "Utsnittet (bbox) ska vara",
            "kind": "kind=cells"}[field] in message


def test_the_schema_documents_zoom_bbox_and_both_kinds_of_feature(client, coordinator):
    client.force_login(coordinator)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/observations/geojson/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"zoom", "bbox", "kind", "occurred_from", "category"} <= names
    feature = schema["components"]["schemas"]["MapFeature"]
    kinds = {ref["$ref"].rsplit("/", 1)[1] for ref in feature["oneOf"]}
    assert kinds == {"MapPointFeature", "MapCellFeature"}
