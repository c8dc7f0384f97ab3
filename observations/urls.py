from django.urls import path

from . import triage, views

app_name = "observations"

urlpatterns = [
    path("", views.observation_list, name="observation-list"),
    path("status/", triage.observation_bulk_status, name="observation-bulk-status"),
    path("karta/", views.observation_map, name="observation-map"),
    path("karta/data/", views.observation_map_data, name="observation-map-data"),
    path("ny/", views.observation_create, name="observation-create"),
    path("<int:pk>/", views.observation_detail, name="observation-detail"),
    path("<int:pk>/andra/", views.observation_edit, name="observation-edit"),
    path("<int:pk>/uppfoljning/", views.observation_follow_up, name="observation-follow-up"),
    path("export/", views.observation_export, name="observation-export"),
    path("export/<uuid:pk>/", views.export_detail, name="export-detail"),
    path("export/<uuid:pk>/fil/", views.export_download, name="export-download"),
]
