from django.urls import path

from cohorts import coordinator_views, participant_views, views
from cohorts.certificates import verify
from cohorts.certificates import views as certificate_views

app_name = "cohorts"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("programmes/<slug:slug>/brochure.pdf", views.brochure, name="brochure"),
    path("programmes/<slug:slug>/qualities.pdf", views.qualities_pdf, name="qualities_pdf"),
    path("certificates/verify/", verify.verify_form, name="certificate_verify_form"),
    path("certificates/verify/<str:code>/", verify.verify, name="certificate_verify"),
    path("me/", participant_views.dashboard, name="dashboard"),
    path("me/certificate.pdf", certificate_views.download, name="certificate"),
    path("coordinator/", coordinator_views.WorkspaceView.as_view(), name="workspace"),
]
