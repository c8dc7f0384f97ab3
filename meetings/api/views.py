"""The committee's API: read for partners with read access, write for committee staff, through
the same services and querysets as the pages."""

from collections import defaultdict

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions as drf_permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet.api.idempotency import IdempotentCreateMixin
from trygghet.api.viewsets import BaseViewSet, ReadOnlyViewSet

from .. import permissions, services
from ..filters import CaseFilterSet, MeetingFilterSet
from ..models import (
    AgendaItem,
    Case,
    Committee,
    DocumentJob,
    Meeting,
    Paragraph,
    Posting,
    Protocol,
)
from .serializers import (
    AdjustSerializer,
    AgendaItemCreateSerializer,
    AgendaItemSerializer,
    CaseListSerializer,
    CaseSerializer,
    CaseStatusSerializer,
    CommitteeSerializer,
    CorrectionSerializer,
    DocumentJobSerializer,
    MeetingActionSerializer,
    MeetingSerializer,
    MoveSerializer,
    ParagraphSerializer,
    PostingSerializer,
    ProtocolSerializer,
)


class StaffWrites(drf_permissions.BasePermission):
    """Anyone who may see the rows reads; committee staff write. Checked before the body is
    read, so a reader is told 403, not a 400 about the body."""

    message = permissions.NOT_STAFF

    def has_permission(self, request, view):
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        return permissions.can_manage(request.user)


STAFF = [drf_permissions.IsAuthenticated, StaffWrites]


class CommitteeViewSet(ReadOnlyViewSet):
    """Committees and their members."""

    queryset = Committee.objects.all()
    serializer_class = CommitteeSerializer
    pagination_class = None
    filter_backends = []

    def refine_queryset(self, queryset):
        return queryset.prefetch_related("members")


class CaseViewSet(IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin, mixins.UpdateModelMixin, BaseViewSet):
    """Cases (ärenden) with the tjänsteskrivelse's sections as fields. Send the revision you
    read with a change to have a colleague's change meanwhile refused (409)."""

    queryset = Case.objects.all()
    filterset_class = CaseFilterSet
    permission_classes = STAFF
    http_method_names = ["get", "post", "patch", "head", "options"]

    def refine_queryset(self, queryset):
        queryset = queryset.select_related("committee")
        if self.action != "list":
            queryset = queryset.prefetch_related("attachments")
        return queryset.order_by("-year", "series", "-number")

    def get_serializer_class(self):
        if self.action == "list":
            return CaseListSerializer
        if self.action == "status":
            return CaseStatusSerializer
        return CaseSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("revision", None)
        serializer.instance = services.create_case(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        revision = data.pop("revision", None)
        serializer.instance = services.update_case(case=serializer.instance, by=self.request.user,
                                                   revision=revision, **data)

    @extend_schema(request=CaseStatusSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Mark a draft as ready ("klar"), or a ready case as a draft ("utkast")."""
        case = self.get_object()
        serializer = CaseStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.change_case_status(case=case, by=request.user,
                                           **serializer.validated_data)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk),
                                       context=self.get_serializer_context()).data)


def _agenda_by_meeting(meetings, user):
    items = defaultdict(list)
    for item in AgendaItem.objects.visible_to(user).filter(meeting__in=meetings).with_related(
    ).order_by("position", "pk"):
        items[item.meeting_id].append(item)
    return items


class MeetingViewSet(IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, BaseViewSet):
    """Meetings with their agenda; committee staff plan them, set the agenda, mark them called
    and held, publish their handlingar and have the handlingar compiled."""

    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    permission_classes = STAFF

    def refine_queryset(self, queryset):
        return queryset.select_related("committee").order_by("-starts_at")

    def _serialize(self, meetings, many=False):
        rows = list(meetings) if many else [meetings]
        context = self.get_serializer_context() | {
            "agenda": _agenda_by_meeting([m.pk for m in rows], self.request.user)}
        return MeetingSerializer(meetings, many=many, context=context).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._serialize(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._serialize(self.get_object()))

    def perform_create(self, serializer):
        serializer.instance = services.create_meeting(by=self.request.user,
                                                      **serializer.validated_data)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = self._serialize(Meeting.objects.get(pk=response.data["id"]))
        return response

    @extend_schema(request=MeetingActionSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Mark the meeting called or held, or publish its handlingar."""
        meeting = self.get_object()
        serializer = MeetingActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = {"call": services.call_meeting, "held": services.mark_meeting_held,
                   "publish": services.publish_handlingar}[serializer.validated_data["action"]]
        service(meeting=meeting, by=request.user)
        return Response(self._serialize(self.get_queryset().get(pk=meeting.pk)))

    @extend_schema(request=AgendaItemCreateSerializer, responses={201: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Add a ready case, or an information point, last on the agenda."""
        meeting = self.get_object()
        serializer = AgendaItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("case") is not None:
            item = services.add_case_to_agenda(meeting=meeting, by=request.user, case=data["case"],
                                               publicity=data["publicity"])
        else:
            item = services.add_information_point(
                meeting=meeting, by=request.user, title=data.get("title", ""),
                speaker=data.get("speaker", ""), notes=data.get("notes", ""),
                embed_report=data["embed_report"], publicity=data["publicity"])
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: DocumentJobSerializer})
    @action(detail=True, methods=["post"])
    def compile(self, request, pk=None):
        """Compile the meeting's handlingar into one PDF. Answers 202 with the job to follow."""
        job = services.queue_handlingar(meeting=self.get_object(), by=request.user)
        location = request.build_absolute_uri(reverse("api:document-job-detail", args=[job.pk]))
        return Response(DocumentJobSerializer(job).data, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": location})


class AgendaItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.UpdateModelMixin, mixins.DestroyModelMixin, BaseViewSet):
    """Agenda items; add them through meetings/{id}/agenda/."""

    queryset = AgendaItem.objects.all()
    serializer_class = AgendaItemSerializer
    permission_classes = STAFF
    filterset_fields = ["meeting"]
    http_method_names = ["get", "patch", "delete", "post", "head", "options"]

    def refine_queryset(self, queryset):
        return queryset.with_related().order_by("meeting", "position", "pk")

    def perform_update(self, serializer):
        item, data = serializer.instance, serializer.validated_data
        serializer.instance = services.update_agenda_item(
            item=item, by=self.request.user, publicity=data.get("publicity", item.publicity),
            title=data.get("title", item.title), speaker=data.get("speaker", item.speaker),
            notes=data.get("notes", item.notes),
            embed_report=data.get("embed_report", item.situation_report_id is not None))

    def perform_destroy(self, instance):
        services.remove_agenda_item(item=instance, by=self.request.user)

    @extend_schema(request=MoveSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move an item one step up or down."""
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.move_agenda_item(item=self.get_object(), by=request.user,
                                         up=serializer.validated_data["up"])
        return Response(AgendaItemSerializer(item).data)


class ProtocolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                      BaseViewSet):
    """Protokoll (justerade ones for readers), with attendance, paragraphs and anslag."""

    queryset = Protocol.objects.all()
    serializer_class = ProtocolSerializer
    permission_classes = STAFF
    filterset_fields = ["meeting", "status"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def refine_queryset(self, queryset):
        return queryset.select_related("meeting").prefetch_related(
            "attendance__serving_for", "postings__paragraph").order_by("-meeting__starts_at",
                                                                        "-version")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        paragraphs = defaultdict(list)
        if getattr(self, "_protocol_ids", None):
            for paragraph in Paragraph.objects.visible_to(self.request.user).filter(
                    protocol__in=self._protocol_ids).select_related("case").order_by(
                    "position", "pk"):
                paragraphs[paragraph.protocol_id].append(paragraph)
        return context | {"paragraphs": paragraphs}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._protocol_ids = [p.pk for p in page]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        protocol = self.get_object()
        self._protocol_ids = [protocol.pk]
        return Response(self.get_serializer(protocol).data)

    def _answer(self, pk):
        """The protocol with this id as retrieve answers it (an action's answer may be
        another protocol than the one in the address: a correction's new version)."""
        protocol = self.get_queryset().get(pk=pk)
        self._protocol_ids = [protocol.pk]
        return Response(self.get_serializer(protocol).data)

    def update(self, request, *args, **kwargs):
        protocol = self.get_object()
        serializer = self.get_serializer(protocol, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        revision = data.pop("revision", None)
        services.update_protocol(protocol=protocol, by=request.user, revision=revision, **data)
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(request=AdjustSerializer, responses=ProtocolSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        """Justera: locks the protokoll, decides its cases and posts the anslag."""
        serializer = AdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.adjust_protocol(protocol=self.get_object(), by=request.user,
                                 **serializer.validated_data)
        return self.retrieve(request, pk=pk)

    @extend_schema(request=CorrectionSerializer, responses=ProtocolSerializer)
    @action(detail=True, methods=["post"])
    def correction(self, request, pk=None):
        """Start a correction of a justerat protokoll: a new draft version."""
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        copy = services.start_correction(protocol=self.get_object(), by=request.user,
                                         **serializer.validated_data)
        return self._answer(copy.pk)


class ParagraphViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                       BaseViewSet):
    """Paragraphs of protokoll: record notes, decision, yrkanden and reservations (staff)."""

    queryset = Paragraph.objects.all()
    serializer_class = ParagraphSerializer
    permission_classes = STAFF
    filterset_fields = ["protocol"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def refine_queryset(self, queryset):
        return queryset.select_related("case").order_by("protocol", "position", "pk")

    def perform_update(self, serializer):
        paragraph, data = serializer.instance, dict(serializer.validated_data)
        fields = {f: data.get(f, getattr(paragraph, f)) for f in (
            "notes", "decision", "decision_text", "motions", "reservations")}
        serializer.instance = services.record_paragraph(
            paragraph=paragraph, by=self.request.user, revision=data.get("revision"), **fields)

    @extend_schema(request=AdjustSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        """Omedelbar justering of this paragraph."""
        serializer = AdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posting = services.adjust_paragraph(paragraph=self.get_object(), by=request.user,
                                            **serializer.validated_data)
        return Response(PostingSerializer(posting).data, status=status.HTTP_201_CREATED)


class PostingViewSet(ReadOnlyViewSet):
    """Anslag of justerade protokoll and paragraphs."""

    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filter_backends = []

    def refine_queryset(self, queryset):
        return queryset.select_related("paragraph")


class DocumentJobViewSet(ReadOnlyViewSet):
    """Compiles of handlingar: follow one until its PDF is ready."""

    queryset = DocumentJob.objects.all()
    serializer_class = DocumentJobSerializer
    filter_backends = []
