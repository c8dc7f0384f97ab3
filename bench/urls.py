"""The product's URLs and the floors beside them (under /api/, so that no login is asked:
a floor is the least a Django view on this database can do for the same answer, through the
same middleware)."""

import functools
import io
import json

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.urls import path

from trygghet.urls import urlpatterns as product

# The API list's 50 rows and every column it answers with, by hand.
API_LIST_SQL = """
    SELECT o.id, o.category_id, c.name, o.occurred_at, o.latitude, o.longitude, o.placement,
           o.area_id, a.name, o.place_description, o.description, o.severity, o.people_count,
           o.restricted, o.status, g.name, u.username, o.logged_at, o.updated_at, o.revision
    FROM observations_observation o
    JOIN observations_category c ON c.id = o.category_id
    LEFT JOIN trygghet_area a ON a.id = o.area_id
    JOIN trygghet_organisation g ON g.id = o.organisation_id
    JOIN auth_user u ON u.id = o.reporter_id
    ORDER BY o.occurred_at DESC, o.id DESC LIMIT 50"""
API_LIST_KEYS = ("id", "category", "category_name", "occurred_at", "latitude", "longitude",
                 "placement", "area", "area_name", "place_description", "description",
                 "severity", "people_count", "restricted", "status", "organisation", "reporter",
                 "logged_at", "updated_at", "revision")


def api_list_floor(request):
    with connection.cursor() as cursor:
        cursor.execute(API_LIST_SQL)
        rows = [dict(zip(API_LIST_KEYS, row)) for row in cursor.fetchall()]
    return JsonResponse({"results": rows})


# The list page filtered by one category: its 50 rows and its count capped at 10,001, as the
# smallest HTML table, by hand.
PAGE_SQL = """
    SELECT o.id, o.occurred_at, o.restricted, o.place_description, o.severity, o.status,
           c.name, a.name, g.name
    FROM observations_observation o
    JOIN observations_category c ON c.id = o.category_id
    LEFT JOIN trygghet_area a ON a.id = o.area_id
    JOIN trygghet_organisation g ON g.id = o.organisation_id
    WHERE o.category_id = %s ORDER BY o.occurred_at DESC, o.id DESC LIMIT 50"""
PAGE_COUNT_SQL = """SELECT count(*) FROM (SELECT 1 FROM observations_observation
                    WHERE category_id = %s LIMIT 10001) capped"""


def page_floor(request):
    category = int(request.GET["category"])
    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, [category])
        rows = cursor.fetchall()
        cursor.execute(PAGE_COUNT_SQL, [category])
        count = cursor.fetchone()[0]
    cells = "".join("<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row) + "</tr>"
                    for row in rows)
    return HttpResponse(f"<p>{count}</p><table>{cells}</table>")


# The same page searched for words (`q`): the categories and areas whose names hold them, then
# the rows whose description or place holds them or that lie in those, as `icontains` asks
# (the expressions the trigram indexes hold). The ids are asked first and written into the
# statement: asked inside it, the planner cannot tell how many rows they match and reads the
# whole table.
SEARCH_NAMES_SQL = """
    SELECT ARRAY(SELECT id FROM observations_category WHERE UPPER(name::text) LIKE UPPER(%(w)s)),
           ARRAY(SELECT id FROM trygghet_area WHERE UPPER(name::text) LIKE UPPER(%(w)s))"""
SEARCH_WHERE = ("(UPPER(o.description::text) LIKE UPPER(%(w)s) "
                "OR UPPER(o.place_description::text) LIKE UPPER(%(w)s){names})")


def page_search_floor(request):
    words = request.GET["q"].strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    params = {"w": f"%{words}%"}
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_NAMES_SQL, params)
        params["c"], params["a"] = cursor.fetchone()
        names = "".join(f" OR o.{column} = ANY(%({key})s)" for column, key
                        in (("category_id", "c"), ("area_id", "a")) if params[key])
        where = SEARCH_WHERE.format(names=names)
        cursor.execute(PAGE_SQL.replace("o.category_id = %s", where), params)
        rows = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM (SELECT 1 FROM observations_observation o "
                       f"WHERE {where} LIMIT 10001) capped", params)
        count = cursor.fetchone()[0]
    cells = "".join("<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row) + "</tr>"
                    for row in rows)
    return HttpResponse(f"<p>{count}</p><table>{cells}</table>")


# Logging: the posted observation as one INSERT in its own transaction, and a bulk request's
# rows by COPY, with the reporter and organisation the product would record.
INSERT_SQL = """
    INSERT INTO observations_observation (category_id, occurred_at, latitude, longitude,
        placement, area_id, place_description, description, severity, people_count, restricted,
        status, reporter_id, organisation_id, logged_at, updated_at, source, revision)
    VALUES (%s, %s, %s, %s, 'point', NULL, '', %s, %s, NULL, false, 'new', %s, %s, now(), now(),
        'api', 0) RETURNING id"""
COPY_COLUMNS = ("category_id", "occurred_at", "latitude", "longitude", "placement",
                "place_description", "description", "severity", "restricted", "status",
                "reporter_id", "organisation_id", "logged_at", "updated_at", "source", "revision")


@functools.lru_cache
def _reporter():
    with connection.cursor() as cursor:
        cursor.execute("SELECT user_id, organisation_id FROM trygghet_membership m "
                       "JOIN auth_user u ON u.id = m.user_id WHERE u.username = 'user1'")
        return cursor.fetchone()


@csrf_exempt
def create_floor(request):
    row = json.loads(request.body)
    user, organisation = _reporter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT_SQL, [row["category"], row["occurred_at"], row["latitude"],
                                    row["longitude"], row["description"], row["severity"],
                                    user, organisation])
        pk = cursor.fetchone()[0]
    return JsonResponse({"id": pk}, status=201)


@csrf_exempt
def bulk_floor(request):
    user, organisation = _reporter()
    data = io.StringIO()
    for line in request.body.decode().splitlines():
        row = json.loads(line)
        data.write("\t".join(str(v) for v in (
            row["category"], row["occurred_at"], row["latitude"], row["longitude"], "point", "",
            row["description"], row["severity"], "f", "new", user, organisation, "now", "now",
            "api", 0)) + "\n")
    data.seek(0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY observations_observation ({', '.join(COPY_COLUMNS)}) "
                                  f"FROM STDIN", data)
    return JsonResponse({"created": len(request.body.splitlines())})


@functools.lru_cache
def _observation_kind():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'observations' "
                       "AND model = 'observation'")
        return cursor.fetchone()[0]


def _copy(cursor, table, columns, rows):
    data = io.StringIO()
    data.writelines("\t".join(map(str, row)) + "\n" for row in rows)
    data.seek(0)
    cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", data)


@csrf_exempt
def bulk_same_rows_floor(request):
    """The rows the product stores for a bulk request, by hand: each observation with its
    history line and its audit entry, by COPY, with the observations' ids drawn first and
    answered."""
    user, organisation = _reporter()
    rows = [json.loads(line) for line in request.body.decode().splitlines()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval('observations_observation_id_seq'::regclass) "
                       "FROM generate_series(1, %s)", [len(rows)])
        ids = [pk for (pk,) in cursor.fetchall()]
        _copy(cursor, "observations_observation", ("id",) + COPY_COLUMNS, (
            (pk, row["category"], row["occurred_at"], row["latitude"], row["longitude"],
             "point", "", row["description"], row["severity"], "f", "new", user,
             organisation, "now", "now", "api", 0) for pk, row in zip(ids, rows)))
        _copy(cursor, "observations_observationevent",
              ("observation_id", "kind", "from_status", "to_status", "comment", "author_id",
               "created_at"), ((pk, "created", "", "new", "", user, "now") for pk in ids))
        _copy(cursor, "trygghet_auditentry",
              ("at", "actor_id", "actor_name", "verb", "content_type_id", "object_id",
               "object_repr", "changes"),
              (("now", user, "user1", "observation.logged", _observation_kind(), pk, pk,
                json.dumps({"category": row["category"], "source": "api"}))
               for pk, row in zip(ids, rows)))
    return JsonResponse({"results": [{"index": i, "id": pk} for i, pk in enumerate(ids)]})


urlpatterns = product + [path("api/bench-floor/observations/", api_list_floor),
                         path("api/bench-floor/page/", page_floor),
                         path("api/bench-floor/search/", page_search_floor),
                         path("api/bench-floor/log/", create_floor),
                         path("api/bench-floor/bulk/", bulk_floor),
                         path("api/bench-floor/bulk-same-rows/", bulk_same_rows_floor)]
