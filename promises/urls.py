from django.urls import path

from . import public, views

app_name = "promises"

urlpatterns = [
    # Public: no login.
    path("", public.promise_index, name="public-index"),
    path("<int:pk>/", public.promise_detail, name="public-detail"),
    # Members.
    path("hantera/", views.promise_list, name="promise-list"),
    path("hantera/nytt/", views.promise_create, name="promise-create"),
    path("hantera/<int:pk>/", views.promise_detail, name="promise-detail"),
    path("hantera/<int:pk>/andra/", views.promise_edit, name="promise-edit"),
    path("hantera/<int:pk>/status/", views.promise_status, name="promise-status"),
    path("hantera/<int:promise>/ataganden/nytt/", views.commitment_create,
         name="commitment-create"),
    path("hantera/ataganden/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("hantera/ataganden/<int:pk>/andra/", views.commitment_edit, name="commitment-edit"),
    path("hantera/ataganden/<int:pk>/uppfoljning/", views.commitment_follow_up,
         name="commitment-follow-up"),
    path("hantera/ataganden/<int:pk>/bedomning/", views.commitment_assess,
         name="commitment-assess"),
    path("dialoger/", views.dialogue_list, name="dialogue-list"),
    path("dialoger/ny/", views.dialogue_create, name="dialogue-create"),
    path("dialoger/<int:pk>/", views.dialogue_detail, name="dialogue-detail"),
    path("dialoger/<int:pk>/andra/", views.dialogue_edit, name="dialogue-edit"),
    path("dialoger/<int:pk>/fynd/", views.dialogue_finding, name="dialogue-finding"),
    path("dialoger/<int:pk>/logga/", views.dialogue_log_findings, name="dialogue-log"),
]
