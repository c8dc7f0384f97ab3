from .views import AgreementViewSet, YearlyReportJobViewSet, YearlyReportViewSet

routes = [
    ("agreements", AgreementViewSet, "agreement"),
    ("yearly-reports", YearlyReportViewSet, "yearly-report"),
    ("yearly-report-jobs", YearlyReportJobViewSet, "yearly-report-job"),
]
