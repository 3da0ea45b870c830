from django.urls import path

from evaluations.views import participant, rater, report

app_name = "evaluations"

urlpatterns: list = [
    path("me/evaluations/", participant.overview, name="overview"),
    path("me/evaluations/<int:round_id>/self/", participant.self_evaluation, name="self"),
    path("me/evaluations/<int:round_id>/raters/", participant.invite, name="invite"),
    path(
        "me/evaluations/raters/<int:invitation_id>/remove/",
        participant.rater_remove,
        name="rater_remove",
    ),
    path("rate/<str:token>/", rater.rate, name="rate"),
    path("me/evaluations/<int:round_id>/report/", report.report, name="report"),
    path("me/evaluations/<int:round_id>/report.pdf", report.report_pdf, name="report_pdf"),
    path(
        "coordinator/evaluations/reports/<int:report_id>/",
        report.CoordinatorReportView.as_view(),
        name="coordinator_report",
    ),
]
