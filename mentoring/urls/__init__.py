"""The mentoring app's addresses, one module per topic, in one namespace: ``mentoring``."""

from mentoring.urls import groups, matching, placements, portfolio, sessions

app_name = "mentoring"

urlpatterns = [
    *matching.urlpatterns,
    *sessions.urlpatterns,
    *groups.urlpatterns,
    *placements.urlpatterns,
    *portfolio.urlpatterns,
]
