from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("cohorts/<int:cohort_id>/apply/", views.apply, name="apply"),
    path("cohorts/<int:cohort_id>/apply/form.pdf", views.blank_form, name="blank_form"),
    path("applications/", views.application_list, name="list"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/endorser/", views.endorser_change, name="endorser_change"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/application.pdf", views.application_document, name="document"),
    path("applications/<int:pk>/offer/accept/", views.offer_accept, name="offer_accept"),
    path("applications/<int:pk>/offer/decline/", views.offer_decline, name="offer_decline"),
    path("offers/<str:token>/", views.offer_link, name="offer_link"),
    path("endorse/<str:token>/", views.endorse, name="endorse"),
]
