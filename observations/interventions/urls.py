from django.urls import path

from . import meeting_views, views

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="intervention-list"),
    path("ny/", views.intervention_create, name="intervention-create"),
    path("vecka/", views.intervention_week, name="intervention-this-week"),
    path("vecka/<int:year>-W<int:week>/", views.intervention_week, name="intervention-week"),
    path("kvartal/", views.quarter, name="quarter"),
    path("bevakningar/", views.subscription_settings, name="subscriptions"),
    path("<int:pk>/", views.intervention_detail, name="intervention-detail"),
    path("<int:pk>/andra/", views.intervention_edit, name="intervention-edit"),
    path("<int:pk>/status/", views.intervention_status, name="intervention-status"),
    path("<int:pk>/observationer/", views.intervention_link, name="intervention-link"),
    path("koppla/<int:observation>/", views.observation_link, name="observation-link"),
    path("moten/", meeting_views.meeting_list, name="meeting-list"),
    path("moten/<int:year>-W<int:week>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("moten/<int:year>-W<int:week>/oppna/", meeting_views.meeting_open, name="meeting-open"),
    path("moten/<int:year>-W<int:week>/protokoll/", meeting_views.meeting_minutes,
         name="meeting-minutes"),
    path("moten/<int:year>-W<int:week>/beslut/", meeting_views.meeting_decision,
         name="meeting-decision"),
    path("moten/<int:year>-W<int:week>/protokoll.pdf", meeting_views.meeting_pdf,
         name="meeting-pdf"),
]
