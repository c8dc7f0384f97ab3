from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language, gettext as _, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from trygghet import idempotency, options
from trygghet.api.errors import field_errors
from trygghet.api.idempotency import HEADER, IdempotentCreateMixin
from trygghet.api.pagination import KeysetPagination
from trygghet.api.parsers import BulkJSONParser, JSONLinesParser, JSONLParser, UnreadableLine
from trygghet.api.serializers import ValuesRows
from trygghet.api.viewsets import BaseViewSet, ReadOnlyViewSet
from trygghet.models import Area

from .. import exports, permissions, services
from ..filters import ObservationFilterSet
from ..maps import MapViewForm, map_collection
from ..models import Category, ExportJob, Observation
from .serializers import (
    BulkFollowUpResultSerializer,
    BulkFollowUpSerializer,
    BulkResultSerializer,
    CategorySerializer,
    ExportJobSerializer,
    ExportRequestSerializer,
    FollowUpSerializer,
    MapCollectionSerializer,
    ObservationDetailSerializer,
    ObservationSerializer,
)

MAP_PARAMETERS = [
    OpenApiParameter("zoom", OpenApiTypes.INT, required=False, description=(
        "The map's zoom level, 0 to 19 (Web Mercator tiles): cells are a quarter of a tile "
        "across. Without it, cells are sized for zoom 12 (about a kilometre).")),
    OpenApiParameter("bbox", OpenApiTypes.STR, required=False, description=(
        "The view: west,south,east,north in degrees (WGS84), e.g. 17.5,59.45,17.8,59.6. "
        "Without it, the whole filtered set."), examples=[
            OpenApiExample("Upplands-Bro", value="17.5,59.45,17.8,59.6")]),
    OpenApiParameter("kind", OpenApiTypes.STR, required=False, enum=["cells"], description=(
        "cells: cells whatever the number of observations (for a heat map).")),
]
LIST_ROWS = ValuesRows(ObservationSerializer)


class CategoryViewSet(ReadOnlyViewSet):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends = []


class MayChange(BasePermission):
    """A role that may not log or follow up observations is told so (403) before its body is
    read, whatever the body holds. The services ask the same (observations.permissions)."""

    LOG = (permissions.can_log, gettext_lazy("Din roll får inte logga observationer."))
    HANDLE = (permissions.can_handle,
              gettext_lazy("Bara samordnare kan ändra status och kommentera."))
    ASKED = {"create": LOG, "bulk": LOG, "follow_up": HANDLE, "bulk_status": HANDLE}

    def has_permission(self, request, view):
        may, message = self.ASKED.get(view.action, (None, None))
        if may is not None and not may(request.user):
            self.message = message
            return False
        return True


class ObservationViewSet(IdempotentCreateMixin, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet):
    """Observations the caller may see, filtered like the list page."""

    permission_classes = [IsAuthenticated, MayChange]
    # A bulk request: at most BULK_MAX rows (JSON lines past them are not read) and 20 MB.
    rows_max = services.BULK_MAX
    body_max = 20 * 1024 * 1024
    queryset = Observation.objects.all()
    filterset_class = ObservationFilterSet
    pagination_class = KeysetPagination  # newest first, by (occurred_at, id)
    idempotent_actions = ("create", "bulk")  # the schema documents Idempotency-Key on these
    # The columns the list answers with, read as plain values (KeysetPagination): no model
    # instances per row.
    list_columns = LIST_ROWS.columns

    def refine_queryset(self, queryset):
        queryset = queryset.with_related()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__author")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ObservationDetailSerializer
        if self.action == "follow_up":
            return FollowUpSerializer
        return ObservationSerializer

    def perform_create(self, serializer):
        serializer.instance = services.log_observation(
            reporter=self.request.user, source=Observation.Source.API, fields_checked=True,
            **serializer.validated_data
        )
        # The answer, as the list answers each row: the serializer's fields took about a tenth
        # of a logged observation's CPU to say what the row just stored holds. Set where DRF
        # keeps a serializer's answer; a test holds it to the serializer's own.
        serializer._data = LIST_ROWS.represent_one(serializer.instance)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        services.record_read(observations=page, user=request.user, via="api-list")
        return self.get_paginated_response(LIST_ROWS.represent(page))

    def retrieve(self, request, *args, **kwargs):
        observation = self.get_object()
        services.record_read(observations=[observation], user=request.user, via="api")
        return Response(self.get_serializer(observation).data)

    @extend_schema(request=FollowUpSerializer, responses=ObservationSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Follow an observation up (coordinators): a new status, a comment, or both. Send the
        revision you read to have a change made meanwhile refused (409)."""
        observation = self.get_object()
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.follow_up(observation=observation, by=request.user, **serializer.validated_data)
        observation = self.get_queryset().get(pk=observation.pk)
        return Response(ObservationSerializer(observation).data, status=status.HTTP_200_OK)

    @extend_schema(request=BulkFollowUpSerializer, responses=BulkFollowUpResultSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-status", filter_backends=[],
            pagination_class=None)
    def bulk_status(self, request):
        """The same follow-up for several observations (coordinators): a status, with or
        without a comment, each row with the revision read. Rows that cannot be changed are
        refused one by one with the reason; the others are changed."""
        serializer = BulkFollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = services.follow_up_many(
            by=request.user, status=data["status"], comment=data.get("comment", ""),
            rows={row["id"]: row.get("revision") for row in data["observations"]})
        return Response({"changed": [o.pk for o in outcome.changed],
                         "refused": [{"id": pk, "message": message}
                                     for pk, message in outcome.refused]})

    # A bad zoom, bbox, kind or filter is the project's documented 400 (trygghet.api.schema).
    @extend_schema(parameters=MAP_PARAMETERS, filters=True,
                   responses={200: MapCollectionSerializer})
    @action(detail=False, methods=["get"], url_path="geojson", pagination_class=None)
    def geojson(self, request):
        """The filtered observations in a map's view as a GeoJSON FeatureCollection, every one
        of them however many there are: one feature per observation while the view (bbox)
        holds at most 1,000, otherwise one per grid cell with its count (`kind` says which;
        the cells' counts add up to `count`). Cells are sized for `zoom` (about 64 px on a
        map at that zoom level) and carry no ids and no text."""
        view = MapViewForm(request.query_params)
        if not view.is_valid():
            raise ValidationError({field: list(errors) for field, errors in view.errors.items()})
        queryset = self.filter_queryset(self.get_queryset())
        collection, restricted = map_collection(queryset, **view.cleaned_data)
        services.record_reads(ids=restricted, user=request.user, via="geojson")
        return Response(collection)


    @extend_schema(
        request={"application/json": ObservationSerializer(many=True),
                 "application/x-ndjson": ObservationSerializer},
        responses=BulkResultSerializer)
    @action(detail=False, methods=["post"], url_path="bulk",
            parser_classes=[BulkJSONParser, JSONLinesParser, JSONLParser])
    def bulk(self, request):
        """Log many observations in one request (up to 5,000, and 20 MB): a JSON array, or
        JSON lines (`application/x-ndjson`, one observation per line). Every row is checked
        with the same rules as a single observation; the valid ones are logged together, and
        the answer says for each row, by its place among the request's rows (`index`, from 0;
        a blank line is no row), the id it got or its field errors. With an Idempotency-Key, a repeated request logs nothing more
        and gets the first answer."""
        rows = request.data
        if not isinstance(rows, list) or not rows:
            raise ValidationError({"non_field_errors": [
                _("Skicka en lista med observationer (JSON-array eller JSON lines).")]})
        if len(rows) > services.BULK_MAX:
            raise ValidationError({"non_field_errors": [
                _("Högst %(max)s observationer per anrop.") % {"max": services.BULK_MAX}]})

        def perform():
            return {"status": status.HTTP_200_OK, "data": self._log_rows(rows), "headers": {}}

        key = request.headers.get(HEADER)
        if key is None:
            answer, replayed = perform(), False
        else:
            answer, replayed = idempotency.once(
                user=request.user, scope=f"api:{self.basename}:bulk", key=key,
                request_fingerprint=idempotency.fingerprint(rows), perform=perform)
        response = Response(answer["data"], status=answer["status"])
        if key is not None:
            response["Idempotent-Replayed"] = "true" if replayed else "false"
        return response

    def _log_rows(self, rows):
        """Parse every row with the single create's serializer, log the parsed ones with the
        service, and answer per row."""
        # Categories and areas are small tables: loaded once, not once per row.
        preloaded = {Category: options.by_pk(Category), Area: options.by_pk(Area)}
        parser = ObservationSerializer(many=True, context={**self.get_serializer_context(),
                                                           "preloaded": preloaded}).child
        answers, parsed, positions = [None] * len(rows), [], []
        with parser.validating_rows() as validate:
            for index, row in enumerate(rows):
                if isinstance(row, UnreadableLine):
                    answers[index] = {"index": index, "errors": {
                        "non_field_errors": [_("Raden är inte giltig JSON.")]}}
                    continue
                try:
                    parsed.append(validate(row))
                    positions.append(index)
                except ValidationError as error:
                    answers[index] = {"index": index, "errors": field_errors(error)}
        # Called with no rows too: whether the caller may log at all is the service's to say.
        results = services.log_observations(reporter=self.request.user, rows=parsed,
                                            source=Observation.Source.API, fields_checked=True)
        for index, result in zip(positions, results):
            if isinstance(result, DjangoValidationError):
                answers[index] = {"index": index, "errors": field_errors(result)}
            else:
                answers[index] = {"index": index, "id": result.pk}
        created = sum(1 for a in answers if "id" in a)
        return {"created": created, "rejected": len(answers) - created, "results": answers}


class ExportJobViewSet(ReadOnlyViewSet):
    """Your own exports of the observation list: ask for one, follow it until its file is
    written, fetch the file."""

    queryset = ExportJob.objects.all()
    serializer_class = ExportJobSerializer
    filter_backends = []

    def get_serializer_class(self):
        return ExportRequestSerializer if self.action == "create" else ExportJobSerializer

    @extend_schema(request=ExportRequestSerializer, responses={201: ExportJobSerializer})
    def create(self, request):
        """The filtered list as a file (XLSX, CSV or GeoJSON) with the rows you may see,
        written by a worker however many there are: follow the job (`state`, `rows_done`) and
        fetch the file from `file/` once it is `done`, until `expires_at`. The same request
        while one like it is still queued gets that one. Reads of restricted rows are logged
        as on the list."""
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fmt, filters = serializer.validated_data["format"], serializer.validated_data["filters"]
        errors = exports.filter_errors(request.user, filters)
        if errors:
            raise ValidationError({"filters": errors})
        job = services.queue_export(by=request.user, fmt=fmt, filters=filters,
                                    language=get_language())
        data = ExportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": str(data["url"])})

    @extend_schema(responses={(200, content_type): OpenApiTypes.BINARY
                              for content_type in dict.fromkeys(
                                  exports.CONTENT_TYPES.values())})
    @action(detail=True, methods=["get"], url_path="file")
    def file(self, request, pk=None):
        """The written file, to its owner, until it is erased (404 while it is being written,
        and after)."""
        job = self.get_object()
        if not job.is_done:
            raise NotFound(_("Exporten är inte färdig.") if job.erased_at is None
                           else _("Exporten är raderad. Exportera på nytt."))
        return exports.download(job)
