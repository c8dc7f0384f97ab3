"""The one API router: each app contributes its viewsets."""

from rest_framework.routers import DefaultRouter

from observations.api.report_views import CompileJobViewSet, SituationReportViewSet
from observations.api.views import CategoryViewSet, ObservationViewSet

from .api_views import AreaViewSet

router = DefaultRouter()
router.register("observations", ObservationViewSet, basename="observation")
router.register("categories", CategoryViewSet, basename="category")
router.register("areas", AreaViewSet, basename="area")
router.register("reports", SituationReportViewSet, basename="report")
router.register("report-jobs", CompileJobViewSet, basename="report-job")
