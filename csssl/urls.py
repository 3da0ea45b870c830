from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("csssl.personal_data_urls")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("", include("cohorts.urls")),
    path("", include("cohorts.certificates.urls")),
    path("", include("applications.urls")),
    path("", include("events.urls")),
    path("", include("events.coordinator_urls")),
    path("", include("evaluations.urls")),
    path("", include("mentoring.urls")),
]
if settings.BENCH_FLOOR_VIEW:
    urlpatterns.append(path("bench/floor", views.bench_floor, name="bench_floor"))

handler404 = "django.views.defaults.page_not_found"
# Shows the request's reference, touching neither the database nor the session.
handler500 = "csssl.views.server_error"
