"""The public anslagstavla and the published handlingar and protokoll: no login."""

from django.urls import path

from . import public

app_name = "meetings_public"

urlpatterns = [
    path("", public.notice_board, name="notice-board"),
    path("moten/<int:pk>/", public.meeting, name="meeting"),
    path("moten/<int:pk>/punkter/<int:item_pk>/", public.item, name="item"),
    path("moten/<int:pk>/bilagor/<int:attachment_pk>/", public.attachment, name="attachment"),
    path("moten/<int:pk>/handlingar.pdf", public.handlingar_pdf, name="handlingar-pdf"),
    path("moten/<int:pk>/protokoll/", public.protocol, name="protocol"),
    path("moten/<int:pk>/protokoll.pdf", public.protocol_pdf, name="protocol-pdf"),
]
