from django.urls import reverse
from rest_framework import serializers

from trygghet.api.serializers import ModelSerializer

from ..models import CompileJob, SituationReport


class SituationReportListSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:situation-report-detail")
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = SituationReport
        fields = ["id", "url", "iso_year", "iso_week", "version", "compiled_at", "published",
                  "published_at"]


class SituationReportSerializer(SituationReportListSerializer):
    data = serializers.SerializerMethodField(
        help_text="The snapshot of the week as the caller may read it (restricted observations "
                  "count in every figure but are listed and drawn only for those who may see "
                  "them).")

    class Meta(SituationReportListSerializer.Meta):
        fields = SituationReportListSerializer.Meta.fields + ["analysis", "recommendations", "data"]

    def get_data(self, report) -> dict:
        return report.data_for(self.context["request"].user)


class CompileJobRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    week = serializers.IntegerField(min_value=1, max_value=53)


class CompileJobSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:compile-job-detail")
    year = serializers.IntegerField(source="iso_year")
    week = serializers.IntegerField(source="iso_week")
    report = serializers.HyperlinkedRelatedField(
        view_name="api:situation-report-detail", read_only=True, allow_null=True)
    report_page = serializers.SerializerMethodField(
        help_text="The report's page in the web interface, once compiled.")
    new_version = serializers.BooleanField(
        source="made_new_version", read_only=True,
        help_text="False when the week had not changed since its latest version, which the "
                  "job then returns.")

    class Meta:
        model = CompileJob
        fields = ["id", "url", "state", "year", "week", "error", "report", "report_page",
                  "new_version", "requested_at", "finished_at"]

    def get_report_page(self, job) -> str | None:
        if not job.report_id:
            return None
        return reverse("situation:report-detail", args=[job.report_id])
