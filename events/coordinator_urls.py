from django.urls import path

from . import coordinator_views as views

app_name = "coordinator"

urlpatterns = [
    path("coordinator/", views.WorkspaceView.as_view(), name="workspace"),
    path(
        "coordinator/events/<int:event_id>/register/",
        views.RegisterView.as_view(),
        name="register",
    ),
    path(
        "coordinator/events/<int:event_id>/register.csv",
        views.RegisterCsvView.as_view(),
        name="register_csv",
    ),
    path(
        "coordinator/events/<int:event_id>/register/all-present/",
        views.AllPresentView.as_view(),
        name="all_present",
    ),
    path(
        "coordinator/events/<int:event_id>/register/<int:participant_id>/mark/",
        views.MarkView.as_view(),
        name="mark",
    ),
    path(
        "coordinator/events/<int:event_id>/register/<int:participant_id>/note/",
        views.NoteView.as_view(),
        name="note",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/engagement/",
        views.EngagementView.as_view(),
        name="engagement",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/email/",
        views.EmailView.as_view(),
        name="email",
    ),
]
