from django.urls import path

from events.views import participant as views

app_name = "events"

urlpatterns = [
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
