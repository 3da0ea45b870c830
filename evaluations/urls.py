from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("programmes/<slug:slug>/qualities.pdf", views.qualities_pdf, name="qualities_pdf"),
]
