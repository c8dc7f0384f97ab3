from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet.api.idempotency import IDEMPOTENCY_PARAMETER, IdempotentCreateMixin
from trygghet.api.pagination import KeysetPagination
from trygghet.api.viewsets import BaseViewSet, ReadOnlyViewSet

from .. import services
from ..filters import ObservationFilterSet
from ..geojson import observation_features
from ..models import Category, Observation
from .serializers import (
    CategorySerializer,
    FollowUpSerializer,
    ObservationDetailSerializer,
    ObservationSerializer,
)

GEOJSON_LIMIT = 10000


class CategoryViewSet(ReadOnlyViewSet):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends = []


@extend_schema(methods=["POST"], parameters=[IDEMPOTENCY_PARAMETER])
class ObservationViewSet(IdempotentCreateMixin, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet):
    """Observations the caller may see, filtered like the list page."""

    queryset = Observation.objects.all()
    filterset_class = ObservationFilterSet
    pagination_class = KeysetPagination  # newest first, by (occurred_at, id)

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

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"], url_path="geojson", pagination_class=None)
    def geojson(self, request):
        """The filtered observations as a GeoJSON FeatureCollection (at most 10,000)."""
        observations = list(self.filter_queryset(self.get_queryset())[:GEOJSON_LIMIT])
        services.record_read(observations=observations, user=request.user, via="geojson")
        return Response(observation_features(observations))
