from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from django.urls import reverse
from rest_framework import serializers

from trygghet.api.fields import StrictIdField, StrictPrimaryKeyRelatedField
from trygghet.api.serializers import ModelSerializer
from trygghet.models import Area

from ..models import (
    COMMENT_MAX, DESCRIPTION_MAX, PLACE_MAX, Category, ExportJob, Observation, ObservationEvent,
)
from ..services import FOLLOW_UP_MANY_MAX


class CategorySerializer(ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "active"]


class ObservationEventSerializer(ModelSerializer):
    author = serializers.CharField(source="author.get_full_name")

    class Meta:
        model = ObservationEvent
        fields = ["kind", "from_status", "to_status", "comment", "author", "created_at"]


class ObservationSerializer(ModelSerializer):
    # Every category may be named; whether it may be chosen (a retired one may not) is
    # Observation.clean()'s rule, answered as a field error.
    category = StrictPrimaryKeyRelatedField(
        queryset=Category.objects.all(), small_table=True,
        error_messages={"required": _("Välj en kategori."), "null": _("Välj en kategori.")},
    )
    category_name = serializers.CharField(source="category.name", read_only=True)
    area = StrictPrimaryKeyRelatedField(
        queryset=Area.objects.all(), small_table=True, required=False, allow_null=True,
        help_text=_("Används när ingen punkt anges: observationen placeras i området."),
    )
    area_name = serializers.CharField(
        source="area.name", read_only=True, allow_null=True, default=None,
        help_text=_("Null när platsen ligger utanför de namngivna områdena."))
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=DESCRIPTION_MAX,
        error_messages={"max_length": _("Texten får vara högst {max_length} tecken.")},
    )
    place_description = serializers.CharField(
        required=False, allow_blank=True, max_length=PLACE_MAX
    )
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    reporter = serializers.CharField(source="reporter.username", read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id", "category", "category_name", "occurred_at", "latitude", "longitude",
            "placement", "area", "area_name", "place_description", "description", "severity",
            "people_count", "restricted", "status", "organisation", "reporter", "logged_at",
            "updated_at", "revision",
        ]
        read_only_fields = ["placement", "status", "logged_at", "updated_at", "revision"]


class ObservationDetailSerializer(ObservationSerializer):
    events = ObservationEventSerializer(many=True, read_only=True)

    class Meta(ObservationSerializer.Meta):
        fields = ObservationSerializer.Meta.fields + ["events"]


class FollowUpSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Observation.Status.choices, required=False,
                                     allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX)
    revision = serializers.IntegerField(
        required=False, allow_null=True, min_value=0,
        help_text=_("Observationens revision när du läste den. Har den ändrats sedan dess "
                    "avvisas ändringen med 409."))


# The map's GeoJSON, described for the schema (observations.maps builds it). Its `type` fields
# are plain strings: as enums they would collide with the areas' GeoJSON in the schema's names.
class MapPointGeometrySerializer(serializers.Serializer):
    type = serializers.CharField(help_text='"Point"')
    coordinates = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2,
        help_text="Longitude, latitude (WGS84): the observation's place, or for a cell where "
                  "its observations lie on average.")


class MapPointPropertiesSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["point"])
    category = serializers.CharField()
    occurred_at = serializers.DateTimeField(help_text="Local time (Europe/Stockholm).")
    severity = serializers.ChoiceField(choices=Observation.Severity.choices)
    status = serializers.ChoiceField(choices=Observation.Status.choices)
    area = serializers.CharField(allow_null=True)
    placement = serializers.ChoiceField(choices=Observation.Placement.choices)
    url = serializers.CharField(help_text="The observation's page.")


class MapPointFeatureSerializer(serializers.Serializer):
    """One observation."""

    type = serializers.CharField(help_text='"Feature"')
    id = serializers.IntegerField()
    geometry = MapPointGeometrySerializer()
    properties = MapPointPropertiesSerializer()


class MapCellPropertiesSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["cell"])
    count = serializers.IntegerField(help_text="Observations of the filter in this cell.")
    bounds = serializers.ListField(
        child=serializers.FloatField(), min_length=4, max_length=4,
        help_text="The cell: west, south, east, north (WGS84).")


class MapCellFeatureSerializer(serializers.Serializer):
    """A grid cell with the number of observations in it: no ids, no text."""

    type = serializers.CharField(help_text='"Feature"')
    geometry = MapPointGeometrySerializer()
    properties = MapCellPropertiesSerializer()


class MapCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='"FeatureCollection"')
    kind = serializers.ChoiceField(
        choices=["points", "cells"],
        help_text="points: every observation in the view, one feature each; cells: the view "
                  "held more than 1,000, and each feature is a grid cell with its count.")
    count = serializers.IntegerField(
        help_text="Observations of the filter in the view (the sum of the cells' counts).")
    zoom = serializers.IntegerField(required=False, help_text="The zoom the cells are sized for.")
    features = PolymorphicProxySerializer(
        component_name="MapFeature", resource_type_field_name=None, many=True,
        serializers=[MapPointFeatureSerializer, MapCellFeatureSerializer])


class BulkRowSerializer(serializers.Serializer):
    id = StrictIdField()
    revision = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2 ** 31,
        help_text=_("Observationens revision när du läste den; har den ändrats sedan dess "
                    "avvisas just den raden."))


class BulkFollowUpSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Observation.Status.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX)
    observations = serializers.ListField(child=BulkRowSerializer(), min_length=1,
                                         max_length=FOLLOW_UP_MANY_MAX)


class BulkFollowUpResultSerializer(serializers.Serializer):
    changed = serializers.ListField(child=serializers.IntegerField())
    refused = serializers.ListField(child=serializers.DictField())


class ExportJobSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:export-job-detail")
    download = serializers.SerializerMethodField(
        help_text="Where the owner downloads the file on the site (logged in), once written "
                  "and until it is erased.")
    file = serializers.SerializerMethodField(
        help_text="Where the owner fetches the file through the API, once written and until "
                  "it is erased.")

    class Meta:
        model = ExportJob
        fields = ["id", "url", "state", "format", "rows_done", "rows_total", "error", "download",
                  "file", "requested_at", "finished_at", "expires_at", "erased_at"]

    def get_download(self, job) -> str | None:
        return reverse("observations:export-download", args=[job.pk]) if job.is_done else None

    def get_file(self, job) -> str | None:
        if not job.is_done:
            return None
        path = reverse("api:export-job-file", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=ExportJob.Format.choices)
    filters = serializers.DictField(
        child=serializers.ListField(
            child=serializers.CharField(max_length=200, allow_blank=True), max_length=20),
        required=False, default=dict,
        help_text="The list's filter as GET /api/v1/observations/ takes it, each parameter "
                  "with its values: {\"category\": [\"3\"], \"status\": [\"new\", "
                  "\"in_progress\"], \"occurred_from\": [\"2026-01-01\"]}. None: every "
                  "observation you may see.")


class BulkRowResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text=_("Radens plats i anropet, från 0."))
    id = serializers.IntegerField(required=False, help_text=_("Den loggade observationens id."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text=_("Varför raden inte loggades: fältens fel, som för en enstaka observation."))


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("Antal loggade observationer."))
    rejected = serializers.IntegerField(help_text=_("Antal rader med fel, som inte loggades."))
    results = BulkRowResultSerializer(many=True)
