"""The sessions addresses of the mentoring app (namespace ``mentoring``): the mentor's under
their mentee's page, the participant's under their mentoring page, and the mentor's calendar
feed."""

from django.urls import path

from mentoring.views import sessions as views

MENTEE = "mentor/mentees/<int:pairing_id>/sessions/"
ME = "me/mentoring/sessions/"
SESSION = "<int:session_id>/"

urlpatterns = [
    path(MENTEE + "new/", views.session_new, name="session_new"),
    path(MENTEE + SESSION, views.session_detail, name="session_detail"),
    path(MENTEE + SESSION + "agree/", views.session_agree, name="session_agree"),
    path(MENTEE + SESSION + "move/", views.session_move, name="session_move"),
    path(MENTEE + SESSION + "cancel/", views.session_cancel, name="session_cancel"),
    path(MENTEE + SESSION + "held/", views.session_held, name="session_held"),
    path(MENTEE + SESSION + "record/", views.session_record, name="session_record"),
    path(MENTEE + SESSION + "note/", views.session_note, name="session_note"),
    path(MENTEE + "fit/", views.session_fit, name="session_fit"),
    path(MENTEE + "debrief/<int:report_id>/", views.session_debrief, name="session_debrief"),
    path(ME + "new/", views.session_new, name="session_me_new"),
    path(ME + SESSION, views.session_detail, name="session_me_detail"),
    path(ME + SESSION + "agree/", views.session_agree, name="session_me_agree"),
    path(ME + SESSION + "move/", views.session_move, name="session_me_move"),
    path(ME + SESSION + "cancel/", views.session_cancel, name="session_me_cancel"),
    path(ME + SESSION + "held/", views.session_held, name="session_me_held"),
    path(ME + SESSION + "record/", views.session_record, name="session_me_record"),
    path(ME + SESSION + "note/", views.session_note, name="session_me_note"),
    path(ME + "fit/", views.session_fit, name="session_me_fit"),
    path("mentor/calendar/reset/", views.session_calendar_reset, name="session_calendar_reset"),
    path("mentor/calendar/<str:token>.ics", views.mentor_calendar, name="mentor_calendar"),
]
