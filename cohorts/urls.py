from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("programmes/<slug:slug>/brochure.pdf", views.brochure, name="brochure"),
]
