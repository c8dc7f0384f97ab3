from .areas import AreaViewSet

routes = [("areas", AreaViewSet, "area")]
