from django.urls import path

from . import certificates, views

app_name = "cohorts"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("programmes/<slug:slug>/brochure.pdf", views.brochure, name="brochure"),
    path("programmes/<slug:slug>/qualities.pdf", views.qualities_pdf, name="qualities_pdf"),
    path("certificates/verify/", certificates.verify_form, name="certificate_verify_form"),
    path("certificates/verify/<str:code>/", certificates.verify, name="certificate_verify"),
]
