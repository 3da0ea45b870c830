from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/certificate.pdf", views.certificate, name="certificate"),
    path("me/events/<int:event_id>/apology/", views.apology, name="apology"),
    path(
        "me/events/<int:event_id>/apology/withdraw/",
        views.apology_withdraw,
        name="apology_withdraw",
    ),
    path("me/events/<int:event_id>.ics", views.event_ics, name="event_ics"),
    path("me/calendar/reset/", views.feed_reset, name="feed_reset"),
    path("me/calendar/<str:token>.ics", views.feed, name="feed"),
]
