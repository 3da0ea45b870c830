"""The groups addresses of the mentoring app (namespace ``mentoring``): the coordinators'
pages of a cohort's groups, and the facilitator's group and meeting registers."""

from django.urls import path

from mentoring.views import groups as views

COHORT = "coordinator/cohorts/<int:cohort_id>/groups/"
GROUP = COHORT + "<int:group_id>/"
MEETING = "mentor/groups/<int:group_id>/meetings/<int:meeting_id>/"

urlpatterns = [
    path(COHORT, views.GroupListView.as_view(), name="group_list"),
    path(COHORT + "new/", views.GroupFormView.as_view(), name="group_create"),
    path(GROUP + "edit/", views.GroupFormView.as_view(), name="group_edit"),
    path(GROUP + "members/", views.GroupMembersView.as_view(), name="group_members"),
    path(GROUP + "meetings/new/", views.MeetingFormView.as_view(), name="group_meeting_add"),
    path(
        GROUP + "meetings/<int:meeting_id>/move/",
        views.MeetingFormView.as_view(),
        name="group_meeting_move",
    ),
    path(
        GROUP + "meetings/<int:meeting_id>/cancel/",
        views.MeetingCancelView.as_view(),
        name="group_meeting_cancel",
    ),
    path("mentor/groups/<int:group_id>/", views.GroupDetailView.as_view(), name="group_detail"),
    path(MEETING + "register/", views.RegisterView.as_view(), name="group_register"),
    path(
        MEETING + "register/all-present/",
        views.AllPresentView.as_view(),
        name="group_all_present",
    ),
    path(
        MEETING + "register/<int:participant_id>/mark/",
        views.MarkView.as_view(),
        name="group_mark",
    ),
    path(
        MEETING + "register/<int:participant_id>/note/",
        views.NoteView.as_view(),
        name="group_note",
    ),
]
