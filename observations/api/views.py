from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..filters import ObservationFilterSet
from ..geojson import observation_features
from ..models import Category, Observation
from .serializers import (
    CategorySerializer,
    ObservationDetailSerializer,
    ObservationSerializer,
    StatusChangeSerializer,
)

GEOJSON_LIMIT = 10000


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends = []


class ObservationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Observations the caller may see, filtered like the list page."""

    filterset_class = ObservationFilterSet

    def get_queryset(self):
        queryset = Observation.objects.visible_to(self.request.user).with_related()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__author")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ObservationDetailSerializer
        if self.action == "change_status":
            return StatusChangeSerializer
        return ObservationSerializer

    def perform_create(self, serializer):
        serializer.instance = services.log_observation(
            reporter=self.request.user, **serializer.validated_data
        )

    def retrieve(self, request, *args, **kwargs):
        observation = self.get_object()
        services.record_read(observations=[observation], user=request.user, via="api")
        return Response(self.get_serializer(observation).data)

    @extend_schema(request=StatusChangeSerializer, responses=ObservationSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        observation = self.get_object()
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        observation = services.change_status(
            observation=observation, by=request.user,
            to=serializer.validated_data["status"],
            comment=serializer.validated_data.get("comment", ""),
        )
        return Response(ObservationSerializer(observation).data, status=status.HTTP_200_OK)

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"], url_path="geojson", pagination_class=None)
    def geojson(self, request):
        """The filtered observations as a GeoJSON FeatureCollection (at most 10,000)."""
        queryset = self.filter_queryset(self.get_queryset())[:GEOJSON_LIMIT]
        return Response(observation_features(queryset))
