from .views import CategoryViewSet, ObservationViewSet

routes = [
    ("observations", ObservationViewSet, "observation"),
    ("categories", CategoryViewSet, "category"),
]
