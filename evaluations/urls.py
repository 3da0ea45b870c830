from django.urls import path

from evaluations.views import plan

app_name = "evaluations"

urlpatterns = [
    # The participant's development plan.
    path("me/evaluations/plan/", plan.plan, name="plan"),
    path("me/evaluations/plan/add/", plan.plan_add, name="plan_add"),
    path("me/evaluations/plan/suggestion/", plan.plan_suggestion, name="plan_suggestion"),
    path("me/evaluations/plan/share/", plan.plan_share, name="plan_share"),
    path("me/evaluations/plan/history/", plan.plan_history, name="plan_history"),
    path("me/evaluations/plan/<int:priority_id>/", plan.plan_priority, name="plan_priority"),
    path("me/evaluations/plan/<int:priority_id>/move/", plan.plan_move, name="plan_move"),
]
