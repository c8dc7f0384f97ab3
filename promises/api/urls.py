from .views import DialogueViewSet, PromiseViewSet

routes = [
    ("promises", PromiseViewSet, "promise"),
    ("dialogues", DialogueViewSet, "dialogue"),
]
