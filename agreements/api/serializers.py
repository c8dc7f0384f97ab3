from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from observations.interventions.models import Intervention
from trygghet.api.fields import StrictPrimaryKeyRelatedField
from trygghet.api.serializers import ModelSerializer
from trygghet.models import Organisation

from ..models import (
    CAUSE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Agreement,
    AgreementDocument,
    Indicator,
    IndicatorValue,
    Measure,
    PriorityArea,
    YearlyReport,
    YearlyReportJob,
)


class IndicatorValueSerializer(ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["year", "value"]


class IndicatorSerializer(ModelSerializer):
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "source", "source_detail", "direction", "values"]


class MeasureSerializer(ModelSerializer):
    organisations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    interventions = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Id:n för insatserna som genomför åtgärden."))

    class Meta:
        model = Measure
        fields = ["id", "cause", "action", "goals", "when", "organisations", "follow_up",
                  "status", "status_note", "interventions", "revision"]


class PriorityAreaSerializer(ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = PriorityArea
        fields = ["id", "name", "description", "indicators", "measures"]


class DocumentSerializer(ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = AgreementDocument
        fields = ["id", "title", "kind", "size", "uploaded_at", "download"]

    def get_download(self, document) -> str:
        return reverse("agreements:document-download", args=[document.pk])


class AgreementSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:agreement-detail")
    page = serializers.SerializerMethodField()
    parties = StrictPrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(),
                                           help_text=_("Id:n för parternas organisationer."))
    party_names = serializers.SerializerMethodField()
    priority_areas = PriorityAreaSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    revision = serializers.IntegerField(
        required=False, allow_null=True, min_value=0,
        help_text=_("Överenskommelsens revision när du läste den. Har den ändrats sedan dess "
                    "avvisas ändringen med 409."))

    class Meta:
        model = Agreement
        fields = ["id", "url", "page", "title", "description", "parties", "party_names",
                  "starts_on", "ends_on", "signed_on", "signatories", "priority_areas",
                  "documents", "revision"]

    def get_page(self, agreement) -> str:
        return reverse("agreements:agreement-detail", args=[agreement.pk])

    def get_party_names(self, agreement) -> list[str]:
        return [o.name for o in agreement.parties.all()]


class PriorityAreaInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class IndicatorInputSerializer(serializers.Serializer):
    priority_area = StrictPrimaryKeyRelatedField(queryset=PriorityArea.objects.all())
    name = serializers.CharField(max_length=TITLE_MAX)
    unit = serializers.CharField(max_length=60)
    source = serializers.ChoiceField(choices=Indicator.Source.choices)
    source_detail = serializers.CharField(max_length=TITLE_MAX, required=False, allow_blank=True)
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices)


class IndicatorValueInputSerializer(serializers.Serializer):
    indicator = StrictPrimaryKeyRelatedField(queryset=Indicator.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                     help_text=_("null tar bort årets värde."))


class MeasureInputSerializer(serializers.Serializer):
    priority_area = StrictPrimaryKeyRelatedField(queryset=PriorityArea.objects.all())
    cause = serializers.CharField(max_length=TEXT_MAX)
    action = serializers.CharField(max_length=TEXT_MAX)
    goals = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    when = serializers.CharField(max_length=TITLE_MAX, required=False, allow_blank=True)
    follow_up = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Measure.Status.choices, required=False)
    status_note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    organisations = StrictPrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(),
                                                 required=False)
    interventions = StrictPrimaryKeyRelatedField(many=True, queryset=Intervention.objects.all(),
                                                 required=False)


class YearRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class YearlyReportListSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:yearly-report-detail")
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = YearlyReport
        fields = ["id", "url", "agreement", "year", "version", "compiled_at", "published",
                  "published_at"]


class YearlyReportSerializer(YearlyReportListSerializer):
    data = serializers.SerializerMethodField(
        help_text="The snapshot of the year as the caller may read it.")
    causes = serializers.JSONField(
        read_only=True, help_text="The analysis of causes per priority area, by its id.")

    class Meta(YearlyReportListSerializer.Meta):
        fields = YearlyReportListSerializer.Meta.fields + ["causes", "data", "revision"]

    def get_data(self, report) -> dict:
        return report.data_for(self.context["request"].user)


class CausesInputSerializer(serializers.Serializer):
    causes = serializers.DictField(child=serializers.CharField(allow_blank=True,
                                                               max_length=CAUSE_MAX),
                                   help_text="Text per priority area id.")
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    publish = serializers.BooleanField(required=False, default=False)


class YearlyReportJobSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:yearly-report-job-detail")
    report = serializers.HyperlinkedRelatedField(view_name="api:yearly-report-detail",
                                                 read_only=True, allow_null=True)
    report_page = serializers.SerializerMethodField(
        help_text="The report's page in the web interface, once compiled.")
    new_version = serializers.BooleanField(source="made_new_version", read_only=True)

    class Meta:
        model = YearlyReportJob
        fields = ["id", "url", "agreement", "year", "state", "error", "report", "report_page",
                  "new_version", "requested_at", "finished_at"]

    def get_report_page(self, job) -> str | None:
        if not job.report_id:
            return None
        return reverse("agreements:report-detail", args=[job.report_id])
