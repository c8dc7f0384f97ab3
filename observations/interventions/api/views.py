import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions as drf_permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet import idempotency
from trygghet.api.idempotency import HEADER, IdempotentCreateMixin
from trygghet.api.pagination import KeysetPagination
from trygghet.api.viewsets import BaseViewSet
from trygghet.filters import FilterSet

from .. import effect as figures, permissions, services
from ..filters import InterventionFilterSet
from ..models import EstMeeting, Intervention
from ..querysets import visible_observations
from .serializers import (
    DecisionInputSerializer,
    DecisionSerializer,
    EffectSerializer,
    InterventionSerializer,
    EstMeetingDetailSerializer,
    EstMeetingSerializer,
    OpenEstMeetingSerializer,
    StatusSerializer,
)


class CanPlan(drf_permissions.BasePermission):
    """Checked before the body is read, so a partner is told 403, not a 400 about the body."""

    message = permissions.NOT_COORDINATOR

    def has_permission(self, request, view):
        return permissions.can_plan(request.user)


class CanEdit(drf_permissions.BasePermission):
    message = permissions.NOT_OWNER

    def has_object_permission(self, request, view, obj):
        return permissions.can_edit(request.user, obj)


class InterventionViewSet(IdempotentCreateMixin, mixins.ListModelMixin,
                          mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, BaseViewSet):
    """Insatser: every partner reads them; coordinators plan them; the owner and coordinators
    change them. An insats's observations are the ones the caller may see."""

    queryset = Intervention.objects.all()
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilterSet
    pagination_class = KeysetPagination  # latest first, by (planned_start, id)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        extra = {"create": [CanPlan()], "partial_update": [CanEdit()],
                 "change_status": [CanEdit()]}.get(self.action, [])
        return super().get_permissions() + extra

    def refine_queryset(self, queryset):
        return (queryset.with_related().with_observations_for(self.request.user)
                .order_by("-planned_start", "-id"))

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        fields.pop("revision", None)
        serializer.instance = services.create_intervention(by=self.request.user, **fields)
        self._reload(serializer)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        revision = fields.pop("revision", None)
        services.edit_intervention(intervention=serializer.instance, by=self.request.user,
                                   revision=revision, **fields)
        self._reload(serializer)

    def _reload(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request=StatusSerializer, responses=InterventionSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        """A new status (and the outcome, required for done). Send the revision you read to have
        a change made meanwhile refused (409)."""
        intervention = self.get_object()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_status(intervention=intervention, by=request.user,
                               **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(responses=EffectSerializer)
    @action(detail=True, methods=["get"])
    def effect(self, request, pk=None):
        """Observations by category in the insats's areas, the four weeks before it began and
        the four weeks from then, counted over what the caller may see."""
        result = figures.effect(self.get_object(), visible_observations(request.user))
        return Response(EffectSerializer(result).data)


class MeetingFilterSet(FilterSet):
    year = django_filters.NumberFilter(field_name="iso_year")
    week = django_filters.NumberFilter(field_name="iso_week")

    class Meta:
        model = EstMeeting
        fields = ["year", "week"]


class EstMeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.UpdateModelMixin, BaseViewSet):
    """The weekly EST meetings: their agenda (as the caller may read it), attendance,
    decisions and notes. Coordinators open a week's meeting, keep its minutes and record
    decisions, each of which may become an insats."""

    queryset = EstMeeting.objects.all()
    filterset_class = MeetingFilterSet
    idempotent_actions = ("decide",)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        extra = [CanPlan()] if self.action in ("create", "partial_update", "decide") else []
        return super().get_permissions() + extra

    def refine_queryset(self, queryset):
        return queryset.select_related("opened_by").prefetch_related(
            "attendees", "decisions").order_by("-iso_year", "-iso_week")

    def get_serializer_class(self):
        return EstMeetingDetailSerializer if self.action == "retrieve" else EstMeetingSerializer

    def _detail(self, meeting, status_code=status.HTTP_200_OK):
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(EstMeetingDetailSerializer(meeting, context=self.get_serializer_context())
                        .data, status=status_code)

    @extend_schema(request=OpenEstMeetingSerializer, responses={201: EstMeetingDetailSerializer,
                                                             200: EstMeetingDetailSerializer})
    def create(self, request):
        """Open the meeting of a week (this week or the next): 201 with the new meeting, or 200
        with the meeting already open. One per week, so sending it twice is harmless."""
        serializer = OpenEstMeetingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting, opened = services.opening(by=request.user, **serializer.validated_data)
        return self._detail(meeting, status.HTTP_201_CREATED if opened else status.HTTP_200_OK)

    def perform_update(self, serializer):
        meeting = serializer.instance
        fields = serializer.validated_data
        services.save_minutes(
            meeting=meeting, by=self.request.user, revision=fields.get("revision"),
            held_on=fields.get("held_on", meeting.held_on),
            attendees=fields.get("attendees", meeting.attendees.all()),
            notes=fields.get("notes", meeting.notes))

    @extend_schema(responses=EstMeetingDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the day, the organisations present or the notes (send the revision you
        read; a change made meanwhile is refused with 409)."""
        super().partial_update(request, *args, **kwargs)
        return self._detail(self.get_object())

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"], url_path="decisions")
    def decide(self, request, pk=None):
        """Record a decision; with `intervention` it becomes an insats (owner, deadline) in the
        same step. Honours Idempotency-Key."""
        meeting = self.get_object()
        serializer = DecisionInputSerializer(data=request.data,
                                             context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        def perform():
            decision = services.record_decision(meeting=meeting, by=request.user,
                                                **serializer.validated_data)
            return DecisionSerializer(decision).data

        key = request.headers.get(HEADER)
        if key is None:
            return Response(perform(), status=status.HTTP_201_CREATED)
        answer, replayed = idempotency.once(
            user=request.user, scope=f"api:est-meeting:{meeting.pk}:decision", key=key,
            request_fingerprint=idempotency.fingerprint(request.data), perform=perform)
        response = Response(answer, status=status.HTTP_201_CREATED)
        response["Idempotent-Replayed"] = "true" if replayed else "false"
        return response
