from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement-list"),
    path("ny/", views.agreement_create, name="agreement-create"),
    path("<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("<int:pk>/andra/", views.agreement_edit, name="agreement-edit"),
    path("<int:pk>/dokument/", views.document_add, name="document-add"),
    path("dokument/<int:pk>/", views.document_download, name="document-download"),
    path("dokument/<int:pk>/ta-bort/", views.document_remove, name="document-remove"),
    path("<int:agreement>/omraden/nytt/", views.priority_area_form, name="priority-area-create"),
    path("omraden/<int:pk>/andra/", views.priority_area_form, name="priority-area-edit"),
    path("indikatorer/ny/", views.indicator_form, name="indicator-create"),
    path("indikatorer/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indikatorer/<int:pk>/andra/", views.indicator_form, name="indicator-edit"),
    path("indikatorer/<int:pk>/varde/", views.indicator_value, name="indicator-value"),
    path("indikatorer/<int:pk>/import/", views.indicator_import, name="indicator-import"),
    path("indikatorer/<int:pk>/trend.svg", views.indicator_trend, name="indicator-trend"),
    path("atgarder/ny/", views.measure_form, name="measure-create"),
    path("atgarder/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("atgarder/<int:pk>/andra/", views.measure_form, name="measure-edit"),
    path("<int:pk>/lagesbild/", views.report_compile, name="report-compile"),
    path("lagesbild/sammanstallning/<uuid:pk>/", views.reportjob_detail,
         name="reportjob-detail"),
    path("lagesbild/<int:pk>/", views.report_detail, name="report-detail"),
    path("lagesbild/<int:pk>/orsaker/", views.report_annotate, name="report-annotate"),
    path("lagesbild/<int:pk>/kategorier.svg", views.report_chart, name="report-chart"),
    path("lagesbild/<int:pk>/lagesbild.pdf", views.report_pdf, name="report-pdf"),
]
