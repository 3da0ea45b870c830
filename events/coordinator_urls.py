from django.urls import path

from events.views import engagement, messaging, registers

app_name = "coordinator"

urlpatterns = [
    path(
        "coordinator/events/<int:event_id>/register/",
        registers.RegisterView.as_view(),
        name="register",
    ),
    path(
        "coordinator/events/<int:event_id>/register.csv",
        registers.RegisterCsvView.as_view(),
        name="register_csv",
    ),
    path(
        "coordinator/events/<int:event_id>/register/all-present/",
        registers.AllPresentView.as_view(),
        name="all_present",
    ),
    path(
        "coordinator/events/<int:event_id>/register/<int:participant_id>/mark/",
        registers.MarkView.as_view(),
        name="mark",
    ),
    path(
        "coordinator/events/<int:event_id>/register/<int:participant_id>/note/",
        registers.NoteView.as_view(),
        name="note",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/engagement/",
        engagement.EngagementView.as_view(),
        name="engagement",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/email/",
        messaging.EmailView.as_view(),
        name="email",
    ),
]
