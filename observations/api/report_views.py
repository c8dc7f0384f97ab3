from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response


from .. import permissions, report_services
from ..models import CompileRequest, SituationReport
from .serializers import (
    CompileJobSerializer,
    CompileRequestSerializer,
    SituationReportListSerializer,
    SituationReportSerializer,
)


class SituationReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Lägesbilder: published ones for every partner, drafts too for coordinators."""

    filter_backends = []

    def get_queryset(self):
        queryset = SituationReport.objects.visible_to(self.request.user)
        return queryset.defer("data") if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "compile":
            return CompileRequestSerializer
        return SituationReportListSerializer if self.action == "list" else SituationReportSerializer

    @extend_schema(request=CompileRequestSerializer, responses={202: CompileJobSerializer})
    @action(detail=False, methods=["post"])
    def compile(self, request):
        """Compile a week (coordinators). Answers 202 with the job to follow."""
        if not permissions.can_manage_reports(request.user):  # before validating what was sent
            raise PermissionDenied("Bara samordnare kan sammanställa lägesbilder.")
        serializer = CompileRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = report_services.request_compile(by=request.user, **serializer.validated_data)
        location = request.build_absolute_uri(reverse("api:report-job-detail", args=[job.pk]))
        return Response(CompileJobSerializer(job, context={"request": request}).data | {"job": location},
                        status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class CompileJobViewSet(viewsets.GenericViewSet):
    serializer_class = CompileJobSerializer
    filter_backends = []

    def get_queryset(self):
        return CompileRequest.objects.visible_to(self.request.user)

    def retrieve(self, request, pk=None):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(CompileJobSerializer(job, context={"request": request}).data)
