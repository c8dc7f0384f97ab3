"""The product's URLs and the floors beside them (under /api/, so that no login is asked:
a floor is the least a Django view on this database can do for the same answer)."""

from django.db import connection
from django.http import JsonResponse
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


urlpatterns = product + [path("api/bench-floor/observations/", api_list_floor)]
