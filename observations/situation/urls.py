from django.urls import path

from . import views

app_name = "situation"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("vecka/<str:week>/", views.report_week, name="report-week"),
    path("sammanstallning/<uuid:pk>/", views.compilejob_detail, name="compilejob-detail"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/analys/", views.report_annotate, name="report-annotate"),
    path("<int:pk>/rattelse/", views.report_correct, name="report-correct"),
    path("<int:pk>/trend.svg", views.report_trend, name="report-trend"),
    path("<int:pk>/lagesbild.csv", views.report_csv, name="report-csv"),
    path("<int:pk>/lagesbild.pdf", views.report_pdf, name="report-pdf"),
]
