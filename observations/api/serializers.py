from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trygghet.models import Area

from ..models import (
    DESCRIPTION_MAX,
    PLACE_MAX,
    Category,
    Observation,
    ObservationEvent,
    SituationReport,
)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "active"]


class ObservationEventSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name")

    class Meta:
        model = ObservationEvent
        fields = ["kind", "from_status", "to_status", "comment", "author", "created_at"]


class ObservationSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(active=True),
        error_messages={"required": _("Välj en kategori."),
                        "does_not_exist": _("Kategorin finns inte."),
                        "null": _("Välj en kategori.")},
    )
    category_name = serializers.CharField(source="category.name", read_only=True)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.exclude(kind=Area.Kind.KOMMUN), required=False, allow_null=True,
        help_text=_("Används när ingen punkt anges: observationen placeras i området."),
    )
    area_name = serializers.CharField(source="area.name", read_only=True, default=None)
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
            "updated_at",
        ]
        read_only_fields = ["placement", "status", "logged_at", "updated_at"]


class ObservationDetailSerializer(ObservationSerializer):
    events = ObservationEventSerializer(many=True, read_only=True)

    class Meta(ObservationSerializer.Meta):
        fields = ObservationSerializer.Meta.fields + ["events"]


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Observation.Status.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SituationReportListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail")
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = SituationReport
        fields = ["id", "url", "iso_year", "iso_week", "version", "compiled_at", "published",
                  "published_at"]


class SituationReportSerializer(SituationReportListSerializer):
    data = serializers.SerializerMethodField()

    class Meta(SituationReportListSerializer.Meta):
        fields = SituationReportListSerializer.Meta.fields + ["analysis", "recommendations", "data"]

    def get_data(self, report) -> dict:
        return report.data_for(self.context["request"].user)


class CompileRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    week = serializers.IntegerField(min_value=1, max_value=53)


class CompileJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.CharField()
    year = serializers.IntegerField(source="iso_year")
    week = serializers.IntegerField(source="iso_week")
    error = serializers.CharField()
    report = serializers.SerializerMethodField()

    def get_report(self, job) -> str | None:
        report = SituationReport.objects.filter(request=job).only("pk").first()
        if not report:
            return None
        return self.context["request"].build_absolute_uri(reverse("api:report-detail", args=[report.pk]))
