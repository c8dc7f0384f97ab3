from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet.api.idempotency import IdempotentCreateMixin
from trygghet.api.viewsets import BaseViewSet, ReadOnlyViewSet

from .. import services
from ..filters import ObservationFilterSet
from ..maps import MapViewForm, map_collection
from ..models import Category, ExportJob, Observation
from .serializers import (
    BulkFollowUpResultSerializer,
    BulkFollowUpSerializer,
    CategorySerializer,
    ExportJobSerializer,
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


class CategoryViewSet(ReadOnlyViewSet):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends = []


class ObservationViewSet(IdempotentCreateMixin, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet):
    """Observations the caller may see, filtered like the list page."""

    queryset = Observation.objects.all()
    filterset_class = ObservationFilterSet

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
            reporter=self.request.user, source=Observation.Source.API, **serializer.validated_data
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        services.record_read(observations=page, user=request.user, via="api-list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

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


class ExportJobViewSet(ReadOnlyViewSet):
    """Your own exports of the observation list: follow one until its file is written."""

    queryset = ExportJob.objects.all()
    serializer_class = ExportJobSerializer
    filter_backends = []
