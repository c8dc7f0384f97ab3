from .views import CategoryViewSet, ExportJobViewSet, ObservationViewSet

routes = [
    ("observations", ObservationViewSet, "observation"),
    ("categories", CategoryViewSet, "category"),
    ("export-jobs", ExportJobViewSet, "export-job"),
]
