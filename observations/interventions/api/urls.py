from .views import EstMeetingViewSet, InterventionViewSet

routes = [
    ("interventions", InterventionViewSet, "intervention"),
    ("est-meetings", EstMeetingViewSet, "est-meeting"),
]
