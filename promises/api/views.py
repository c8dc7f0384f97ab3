from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions as drf_permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet.api.idempotency import IdempotentCreateMixin
from trygghet.api.viewsets import BaseViewSet
from trygghet.errors import DomainError

from .. import permissions, services
from ..models import Commitment, Dialogue, Finding, Promise
from ..progress import progress_of
from .serializers import (
    AssessmentInputSerializer,
    CommitmentSerializer,
    DialogueSerializer,
    FindingSerializer,
    FollowUpInputSerializer,
    CommitmentFollowUpSerializer,
    PromiseDetailSerializer,
    PromiseSerializer,
    StatusInputSerializer,
)


class CanManage(drf_permissions.BasePermission):
    """Checked before the body is read, so a partner is told 403, not a 400 about the body."""

    message = permissions.NOT_COORDINATOR

    def has_permission(self, request, view):
        return permissions.can_manage(request.user)


class ManagedWrites:
    """Every partner reads; coordinators write (the actions named in `writes`)."""

    writes = ("create", "partial_update")

    def get_permissions(self):
        extra = [CanManage()] if self.action in self.writes else []
        return super().get_permissions() + extra


def _own_commitment(commitment, promise):
    if commitment.promise_id != promise.pk:
        raise DomainError(_("Åtagandet hör till ett annat löfte."), "commitment")


class PromiseViewSet(ManagedWrites, IdempotentCreateMixin, mixins.ListModelMixin,
                     mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, BaseViewSet):
    """Medborgarlöften with their commitments and each countable commitment's progress,
    counted from the insatser (all the listed promises' commitments in one query). Every
    partner reads; coordinators write, through the same services as the pages."""

    queryset = Promise.objects.all()
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]
    writes = ("create", "partial_update", "change_status", "add_commitment", "add_follow_up",
              "assess")

    def get_serializer_class(self):
        return PromiseDetailSerializer if self.action == "retrieve" else PromiseSerializer

    def refine_queryset(self, queryset):
        return queryset.prefetch_related(
            "areas", Prefetch("commitments", queryset=Commitment.objects.select_related("promise")
                              .prefetch_related("types", "areas").order_by("order", "id")),
        ).order_by("-period_start", "-id")

    def _context_with_progress(self, promises):
        commitments = [c for p in promises for c in p.commitments.all()]
        return {**self.get_serializer_context(), "progress": progress_of(commitments)}

    def _answer(self, promise, status_code=status.HTTP_200_OK):
        promise = self.get_queryset().get(pk=promise.pk)
        serializer = PromiseDetailSerializer(promise,
                                             context=self._context_with_progress([promise]))
        return Response(serializer.data, status=status_code)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        serializer = PromiseSerializer(page, many=True, context=self._context_with_progress(page))
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        fields.pop("revision", None)
        serializer.instance = services.save_promise(by=self.request.user, **fields)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        revision = fields.pop("revision", None)
        promise = serializer.instance
        current = {"agreement": promise.agreement, "title": promise.title,
                   "period_start": promise.period_start, "period_end": promise.period_end,
                   "background": promise.background, "areas": list(promise.areas.all())}
        serializer.instance = services.save_promise(
            by=self.request.user, promise=promise, revision=revision, **{**current, **fields})

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action in ("create", "partial_update"):
            # The answer after a write shows the progress too.
            instance = getattr(serializer, "instance", None)
            if instance is not None:
                serializer.context.update(self._context_with_progress([instance]))
        return serializer

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return self._answer(self.get_object())

    @extend_schema(request=StatusInputSerializer, responses=PromiseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        """Adopt the promise (it appears on the public pages), mark it followed up, or take
        it back a step: draft → adopted → followed_up."""
        promise = self.get_object()
        serializer = StatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_promise_status(by=request.user, promise=promise,
                                       **serializer.validated_data)
        return self._answer(promise)

    @extend_schema(request=CommitmentSerializer, responses={201: CommitmentSerializer})
    @action(detail=True, methods=["post"], url_path="commitments")
    def add_commitment(self, request, pk=None):
        """Add a commitment, word for word: countable (a target and a counting rule over
        insatser) or qualitative (followed up by hand)."""
        promise = self.get_object()
        serializer = CommitmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("revision", None)
        commitment = services.save_commitment(by=request.user, promise=promise, **fields)
        context = {**self.get_serializer_context(), "progress": progress_of([commitment])}
        return Response(CommitmentSerializer(commitment, context=context).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpInputSerializer,
                   responses={201: CommitmentFollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def add_follow_up(self, request, pk=None):
        """A follow-up on one of the promise's commitments; "public": true shows it on the
        public page (without the author's name)."""
        promise = self.get_object()
        serializer = FollowUpInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        _own_commitment(fields["commitment"], promise)
        follow_up = services.add_follow_up(by=request.user, **fields)
        return Response(CommitmentFollowUpSerializer(follow_up).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=AssessmentInputSerializer, responses=PromiseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="assessments")
    def assess(self, request, pk=None):
        """The status of a commitment followed up by hand."""
        promise = self.get_object()
        serializer = AssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        _own_commitment(fields["commitment"], promise)
        services.assess_commitment(by=request.user, **fields)
        return self._answer(promise)


class DialogueViewSet(ManagedWrites, IdempotentCreateMixin, mixins.ListModelMixin,
                      mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, BaseViewSet):
    """Medborgardialoger: enkäter, trygghetsvandringar, stormöten, fokusgrupper, intervjuer.
    A walk's findings become observations in one step (`log-findings`)."""

    queryset = Dialogue.objects.all()
    serializer_class = DialogueSerializer
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]
    writes = ("create", "partial_update", "add_finding", "log_findings")

    def refine_queryset(self, queryset):
        return queryset.prefetch_related(Prefetch(
            "walk_findings", to_attr="visible_findings",
            queryset=Finding.objects.visible_to(self.request.user).select_related("observation")
            .order_by("id"))).order_by("-held_at", "-id")

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        fields.pop("revision", None)
        dialogue = services.save_dialogue(by=self.request.user, **fields)
        serializer.instance = self.get_queryset().get(pk=dialogue.pk)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        revision = fields.pop("revision", None)
        dialogue = serializer.instance
        current = {f: getattr(dialogue, f) for f in (
            "kind", "title", "held_at", "area", "latitude", "longitude", "participants",
            "findings", "promise")}
        services.save_dialogue(by=self.request.user, dialogue=dialogue, revision=revision,
                               **{**current, **fields})
        serializer.instance = self.get_queryset().get(pk=dialogue.pk)

    @extend_schema(request=FindingSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"], url_path="findings")
    def add_finding(self, request, pk=None):
        """Note a finding of a trygghetsvandring, with its category."""
        dialogue = self.get_object()
        serializer = FindingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        finding = services.add_finding(by=request.user, dialogue=dialogue,
                                       **serializer.validated_data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DialogueSerializer)
    @action(detail=True, methods=["post"], url_path="log-findings")
    def log_findings(self, request, pk=None):
        """Every finding of the walk not yet in the log becomes an observation, with the
        walk's place and time. A walk older than the log's window is refused (400)."""
        dialogue = self.get_object()
        services.log_findings(by=request.user, dialogue=dialogue)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)
