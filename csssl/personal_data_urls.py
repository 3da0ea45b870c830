"""Addresses of a person's record: their own, and a coordinator's copy of someone's."""

from django.urls import path

from . import erasure_views
from . import personal_data_views as views

app_name = "personal_data"

urlpatterns = [
    path("me/data/", views.mine, name="mine"),
    path("me/data.json", views.mine_json, name="mine_json"),
    path("me/data.pdf", views.mine_pdf, name="mine_pdf"),
    path(
        "coordinator/people/<int:user_id>/data/",
        views.PersonDataView.as_view(),
        name="person",
    ),
    path(
        "coordinator/people/<int:user_id>/erase/",
        erasure_views.PersonEraseView.as_view(),
        name="erase",
    ),
]
