"""Coordinators' certificate pages, under /coordinator/cohorts/<id>/certificates/."""

from django.urls import path

from cohorts.certificates import views

app_name = "certificates"

urlpatterns = [
    path(
        "coordinator/cohorts/<int:cohort_id>/certificates/",
        views.CohortCertificatesView.as_view(),
        name="cohort",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/certificates/generate/",
        views.GenerateView.as_view(),
        name="generate",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/certificates/awarding-body.csv",
        views.AwardingBodyCsvView.as_view(),
        name="awarding_body_csv",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/certificates/batches/<int:batch_id>/",
        views.BatchView.as_view(),
        name="batch",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/certificates/batches/<int:batch_id>/progress.json",
        views.BatchProgressView.as_view(),
        name="batch_progress",
    ),
    path(
        "coordinator/cohorts/<int:cohort_id>/certificates/batches/<int:batch_id>/certificates.zip",
        views.BatchZipView.as_view(),
        name="batch_zip",
    ),
]
