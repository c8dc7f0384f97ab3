from .views import CompileJobViewSet, SituationReportViewSet

routes = [
    ("situation-reports", SituationReportViewSet, "situation-report"),
    ("compile-jobs", CompileJobViewSet, "compile-job"),
]
