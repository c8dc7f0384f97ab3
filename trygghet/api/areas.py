from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ..geojson import area_collection, area_feature
from ..models import Area
from .viewsets import ReadOnlyViewSet


class AreaPropertiesSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Area.Kind.choices)


class AreaGeometrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Polygon", "MultiPolygon"])
    coordinates = serializers.JSONField(help_text="GeoJSON coordinates, WGS84 (longitude, latitude).")


class AreaFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = AreaGeometrySerializer()
    properties = AreaPropertiesSerializer()


class AreaCollectionSerializer(serializers.Serializer):
    whole_answer = True  # the list's answer is one FeatureCollection, not a list of them

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = AreaFeatureSerializer(many=True)


class AreaViewSet(ReadOnlyViewSet):
    """Areas as a GeoJSON FeatureCollection (the list) or a Feature (one area). The area of
    kind "kommun" is the municipality's boundary."""

    queryset = Area.objects.order_by("name")
    serializer_class = AreaFeatureSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=AreaCollectionSerializer)
    def list(self, request, *args, **kwargs):
        return Response(area_collection(self.get_queryset()))

    def retrieve(self, request, *args, **kwargs):
        return Response(area_feature(self.get_object()))
