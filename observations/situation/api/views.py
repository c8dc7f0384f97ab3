from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions as drf_permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from trygghet.api.viewsets import ReadOnlyViewSet

from .. import permissions, services
from ..models import CompileJob, SituationReport
from .serializers import (
    CompileJobRequestSerializer,
    CompileJobSerializer,
    SituationReportListSerializer,
    SituationReportSerializer,
)


class CanManageReports(drf_permissions.BasePermission):
    """Checked before the body is read, so a reader is told 403, not a 400 about the body."""

    message = permissions.NOT_COORDINATOR

    def has_permission(self, request, view):
        return permissions.can_manage_reports(request.user)


class SituationReportViewSet(ReadOnlyViewSet):
    """Lägesbilder: published ones for every partner, drafts too for coordinators."""

    queryset = SituationReport.objects.all()
    filter_backends = []

    def refine_queryset(self, queryset):
        return queryset.defer("data") if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "compile":
            return CompileJobRequestSerializer
        return SituationReportListSerializer if self.action == "list" else SituationReportSerializer

    @extend_schema(request=CompileJobRequestSerializer, responses={202: CompileJobSerializer})
    @action(detail=False, methods=["post"], permission_classes=[
        drf_permissions.IsAuthenticated, CanManageReports])
    def compile(self, request):
        """Compile a week (coordinators). Answers 202 with the compile job to follow; a week
        with a job already waiting answers with that job."""
        serializer = CompileJobRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.queue_compile(by=request.user, **serializer.validated_data)
        location = request.build_absolute_uri(reverse("api:compile-job-detail", args=[job.pk]))
        return Response(CompileJobSerializer(job, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class CompileJobViewSet(ReadOnlyViewSet):
    """Compile jobs (coordinators): follow one until its report is ready."""

    queryset = CompileJob.objects.all()
    serializer_class = CompileJobSerializer
    filter_backends = []
