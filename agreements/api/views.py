from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions as drf_permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet.api.viewsets import BaseViewSet, ReadOnlyViewSet
from trygghet.errors import DomainError

from .. import permissions, services
from ..models import Agreement, Indicator, IndicatorValue, Measure, PriorityArea, YearlyReport, \
    YearlyReportJob
from .serializers import (
    AgreementSerializer,
    CausesInputSerializer,
    IndicatorInputSerializer,
    IndicatorSerializer,
    IndicatorValueInputSerializer,
    IndicatorValueSerializer,
    MeasureInputSerializer,
    MeasureSerializer,
    PriorityAreaInputSerializer,
    PriorityAreaSerializer,
    YearlyReportJobSerializer,
    YearlyReportListSerializer,
    YearlyReportSerializer,
    YearRequestSerializer,
)


class CanManage(drf_permissions.BasePermission):
    """Checked before the body is read, so a partner is told 403, not a 400 about the body."""

    message = permissions.NOT_COORDINATOR

    def has_permission(self, request, view):
        return permissions.can_manage(request.user)


WRITES = ("create", "partial_update", "add_priority_area", "add_indicator", "set_indicator_value",
          "add_measure", "compile")


def _of_agreement(row_agreement_id, agreement, field):
    if row_agreement_id != agreement.pk:
        raise DomainError(_("Den hör till en annan överenskommelse."), field)


class AgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, mixins.UpdateModelMixin, BaseViewSet):
    """Samverkansöverenskommelser with their priority areas, indicators (yearly values) and
    åtgärdsplan: every partner reads them; coordinators write, through the same services as
    the pages."""

    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        extra = [CanManage()] if self.action in WRITES else []
        return super().get_permissions() + extra

    def refine_queryset(self, queryset):
        return queryset.prefetch_related(
            "parties", "documents",
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("order", "id")
                     .prefetch_related(
                         Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")
                                  .prefetch_related(Prefetch(
                                      "values", queryset=IndicatorValue.objects.order_by("year")))),
                         Prefetch("measures", queryset=Measure.objects.order_by("order", "id")
                                  .prefetch_related("organisations", "interventions")))),
        ).order_by("-starts_on", "-id")

    def _fields(self, serializer):
        fields = dict(serializer.validated_data)
        return fields.pop("revision", None), fields

    def perform_create(self, serializer):
        _revision, fields = self._fields(serializer)
        agreement = services.save_agreement(by=self.request.user, **fields)
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    def perform_update(self, serializer):
        revision, fields = self._fields(serializer)
        agreement = serializer.instance
        current = {"title": agreement.title, "description": agreement.description,
                   "parties": list(agreement.parties.all()), "starts_on": agreement.starts_on,
                   "ends_on": agreement.ends_on, "signed_on": agreement.signed_on,
                   "signatories": agreement.signatories}
        services.save_agreement(by=self.request.user, agreement=agreement, revision=revision,
                                **{**current, **fields})
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    def _created(self, serializer_class, row):
        return Response(serializer_class(row, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=PriorityAreaInputSerializer, responses={201: PriorityAreaSerializer})
    @action(detail=True, methods=["post"], url_path="priority-areas")
    def add_priority_area(self, request, pk=None):
        """Add a priority area to the agreement."""
        agreement = self.get_object()
        serializer = PriorityAreaInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        area = services.save_priority_area(by=request.user, agreement=agreement,
                                           **serializer.validated_data)
        return self._created(PriorityAreaSerializer, area)

    @extend_schema(request=IndicatorInputSerializer, responses={201: IndicatorSerializer})
    @action(detail=True, methods=["post"], url_path="indicators")
    def add_indicator(self, request, pk=None):
        """Add an indicator to one of the agreement's priority areas."""
        agreement = self.get_object()
        serializer = IndicatorInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        _of_agreement(fields["priority_area"].agreement_id, agreement, "priority_area")
        indicator = services.save_indicator(by=request.user, **fields)
        return self._created(IndicatorSerializer, indicator)

    @extend_schema(request=IndicatorValueInputSerializer,
                   responses={200: IndicatorValueSerializer, 204: None})
    @action(detail=True, methods=["post"], url_path="indicator-values")
    def set_indicator_value(self, request, pk=None):
        """Set one year's value of an indicator (null removes it)."""
        agreement = self.get_object()
        serializer = IndicatorValueInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        _of_agreement(fields["indicator"].priority_area.agreement_id, agreement, "indicator")
        row = services.set_indicator_value(by=request.user, **fields)
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(IndicatorValueSerializer(row).data)

    @extend_schema(request=MeasureInputSerializer, responses={201: MeasureSerializer})
    @action(detail=True, methods=["post"], url_path="measures")
    def add_measure(self, request, pk=None):
        """Add a row to the åtgärdsplan of one of the agreement's priority areas."""
        agreement = self.get_object()
        serializer = MeasureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        _of_agreement(fields["priority_area"].agreement_id, agreement, "priority_area")
        measure = services.save_measure(by=request.user, **fields)
        return self._created(MeasureSerializer, measure)

    @extend_schema(request=YearRequestSerializer, responses={202: YearlyReportJobSerializer})
    @action(detail=True, methods=["post"], url_path="yearly-reports")
    def compile(self, request, pk=None):
        """Compile the yearly lägesbild and åtgärdsplan of a year. Answers 202 with the job to
        follow; a year with a job already waiting answers with that job."""
        agreement = self.get_object()
        serializer = YearRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.queue_yearly_report(agreement=agreement, by=request.user,
                                           **serializer.validated_data)
        location = request.build_absolute_uri(reverse("api:yearly-report-job-detail",
                                                      args=[job.pk]))
        return Response(YearlyReportJobSerializer(job, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class YearlyReportViewSet(ReadOnlyViewSet):
    """Yearly lägesbilder and åtgärdsplaner: published ones for every partner, drafts too for
    coordinators."""

    queryset = YearlyReport.objects.all()
    filter_backends = []

    def refine_queryset(self, queryset):
        queryset = queryset.order_by("-year", "-version")
        return queryset.defer("data") if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "annotate":
            return CausesInputSerializer
        return YearlyReportListSerializer if self.action == "list" else YearlyReportSerializer

    def get_permissions(self):
        extra = [CanManage()] if self.action == "annotate" else []
        return super().get_permissions() + extra

    @extend_schema(request=CausesInputSerializer, responses=YearlyReportSerializer)
    @action(detail=True, methods=["post"], url_path="causes")
    def annotate(self, request, pk=None):
        """Save the analysis of causes per priority area (and publish, with "publish": true).
        Send the revision you read; a change made meanwhile is refused with 409."""
        report = self.get_object()
        serializer = CausesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        call = services.publish_yearly_report if fields["publish"] else services.save_causes
        call(report=report, by=request.user, causes=fields["causes"],
             revision=fields.get("revision"))
        return Response(YearlyReportSerializer(self.get_queryset().get(pk=pk),
                                               context=self.get_serializer_context()).data)


class YearlyReportJobViewSet(ReadOnlyViewSet):
    """Compile jobs of yearly reports (coordinators): follow one until its report is ready."""

    queryset = YearlyReportJob.objects.all()
    serializer_class = YearlyReportJobSerializer
    filter_backends = []
