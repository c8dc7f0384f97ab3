from django.urls import path

from . import views

app_name = "observations"

urlpatterns = [
    path("", views.observation_list, name="observation-list"),
    path("karta/", views.observation_map, name="observation-map"),
    path("ny/", views.observation_create, name="observation-create"),
    path("<int:pk>/", views.observation_detail, name="observation-detail"),
    path("<int:pk>/andra/", views.observation_edit, name="observation-edit"),
    path("<int:pk>/status/", views.observation_status, name="observation-status"),
    path("<int:pk>/kommentar/", views.observation_comment, name="observation-comment"),
]

from . import report_views  # noqa: E402

urlpatterns += [
    path("lagesbild/", report_views.report_list, name="report-list"),
    path("lagesbild/jobb/<uuid:pk>/", report_views.report_job, name="report-job"),
    path("lagesbild/<int:pk>/", report_views.report_detail, name="report-detail"),
    path("lagesbild/<int:pk>/analys/", report_views.report_annotate, name="report-annotate"),
    path("lagesbild/<int:pk>/lagesbild.csv", report_views.report_csv, name="report-csv"),
    path("lagesbild/<int:pk>/lagesbild.pdf", report_views.report_pdf, name="report-pdf"),
]
