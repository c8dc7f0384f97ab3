from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trygghet.api.fields import StrictPrimaryKeyRelatedField
from trygghet.api.serializers import ModelSerializer
from trygghet.models import Area

from ..models import COMMENT_MAX, DESCRIPTION_MAX, PLACE_MAX, Category, Observation, ObservationEvent


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
        queryset=Category.objects.all(),
        error_messages={"required": _("Välj en kategori."), "null": _("Välj en kategori.")},
    )
    category_name = serializers.CharField(source="category.name", read_only=True)
    area = StrictPrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True,
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
