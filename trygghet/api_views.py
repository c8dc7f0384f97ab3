from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from .geojson import area_collection, area_feature
from .models import Area


class AreaFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(default="Feature")
    id = serializers.IntegerField()
    geometry = serializers.JSONField()
    properties = serializers.JSONField()


class AreaCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(default="FeatureCollection")
    features = AreaFeatureSerializer(many=True)


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas as a GeoJSON FeatureCollection (the list) or a Feature (one area)."""

    queryset = Area.objects.order_by("name")
    serializer_class = AreaFeatureSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=AreaCollectionSerializer)
    def list(self, request, *args, **kwargs):
        return Response(area_collection(self.get_queryset()))

    def retrieve(self, request, *args, **kwargs):
        return Response(area_feature(self.get_object()))
