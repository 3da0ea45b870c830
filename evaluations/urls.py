from django.urls import path

from evaluations.views import report

app_name = "evaluations"

urlpatterns: list = [
    path("me/evaluations/<int:round_id>/report/", report.report, name="report"),
    path("me/evaluations/<int:round_id>/report.pdf", report.report_pdf, name="report_pdf"),
    path(
        "coordinator/evaluations/reports/<int:report_id>/",
        report.CoordinatorReportView.as_view(),
        name="coordinator_report",
    ),
]
