from django.urls import path

from evaluations.views import coordinator, participant, plan, rater, report

app_name = "evaluations"

ROUND = "coordinator/evaluations/<int:round_id>/"
PARTICIPANT = ROUND + "participants/<int:participant_id>/"

urlpatterns = [
    path("me/evaluations/", participant.overview, name="overview"),
    path("me/evaluations/<int:round_id>/self/", participant.self_evaluation, name="self"),
    path("me/evaluations/<int:round_id>/raters/", participant.invite, name="invite"),
    path(
        "me/evaluations/raters/<int:invitation_id>/remove/",
        participant.rater_remove,
        name="rater_remove",
    ),
    path("rate/<str:token>/", rater.rate, name="rate"),
    # The participant's development plan.
    path("me/evaluations/plan/", plan.plan, name="plan"),
    path("me/evaluations/plan/add/", plan.plan_add, name="plan_add"),
    path("me/evaluations/plan/suggestion/", plan.plan_suggestion, name="plan_suggestion"),
    path("me/evaluations/plan/share/", plan.plan_share, name="plan_share"),
    path("me/evaluations/plan/history/", plan.plan_history, name="plan_history"),
    path("me/evaluations/plan/<int:priority_id>/", plan.plan_priority, name="plan_priority"),
    path("me/evaluations/plan/<int:priority_id>/move/", plan.plan_move, name="plan_move"),
    path("me/evaluations/<int:round_id>/report/", report.report, name="report"),
    path("me/evaluations/<int:round_id>/report.pdf", report.report_pdf, name="report_pdf"),
    path(
        "coordinator/evaluations/reports/<int:report_id>/",
        report.CoordinatorReportView.as_view(),
        name="coordinator_report",
    ),
    path(ROUND, coordinator.ProgressView.as_view(), name="coordinator_progress"),
    path(
        ROUND + "progress.csv",
        coordinator.ProgressCsvView.as_view(),
        name="coordinator_progress_csv",
    ),
    path(ROUND + "reminders/", coordinator.RemindAllView.as_view(), name="coordinator_remind_all"),
    path(ROUND + "comments/", coordinator.CommentsView.as_view(), name="coordinator_comments"),
    path(
        ROUND + "comments/<uuid:comment_id>/withhold/",
        coordinator.WithholdView.as_view(),
        name="coordinator_withhold",
    ),
    path(ROUND + "cohort/", coordinator.CohortFiguresView.as_view(), name="coordinator_cohort"),
    path(PARTICIPANT + "reminders/", coordinator.RemindView.as_view(), name="coordinator_remind"),
    path(PARTICIPANT + "debrief/", coordinator.DebriefView.as_view(), name="coordinator_debrief"),
    path(PARTICIPANT + "raters/", coordinator.RatersView.as_view(), name="coordinator_raters"),
    path(
        PARTICIPANT + "raters/add/",
        coordinator.RaterAddView.as_view(),
        name="coordinator_rater_add",
    ),
    path(
        PARTICIPANT + "raters/<int:invitation_id>/correct/",
        coordinator.RaterCorrectView.as_view(),
        name="coordinator_rater_correct",
    ),
]
