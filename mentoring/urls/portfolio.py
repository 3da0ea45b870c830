"""The portfolio addresses of the mentoring app (namespace ``mentoring``): the owner's pages
under /me/portfolio/, the pages of an entry shared with a mentor or facilitator, and the one
address evidence files are served from."""

from django.urls import path

from mentoring.views import portfolio as views

urlpatterns: list = [
    path("me/portfolio/", views.portfolio, name="portfolio"),
    path("me/portfolio/add/", views.portfolio_add, name="portfolio_add"),
    path("me/portfolio/portfolio.pdf", views.portfolio_pdf, name="portfolio_pdf"),
    path("me/portfolio/portfolio.zip", views.portfolio_zip, name="portfolio_zip"),
    path("me/portfolio/<int:entry_id>/", views.portfolio_entry, name="portfolio_entry"),
    path("me/portfolio/<int:entry_id>/delete/", views.portfolio_delete, name="portfolio_delete"),
    path(
        "me/portfolio/files/<int:evidence_id>/delete/",
        views.portfolio_evidence_delete,
        name="portfolio_evidence_delete",
    ),
    path("portfolio/files/<int:evidence_id>/", views.portfolio_evidence, name="portfolio_evidence"),
    path("mentor/portfolio/<int:entry_id>/", views.portfolio_shared, name="portfolio_shared"),
    path("mentor/portfolio/<int:entry_id>/mark/", views.portfolio_mark, name="portfolio_mark"),
    path(
        "mentor/portfolio/<int:entry_id>/marks/<int:mark_id>/remove/",
        views.portfolio_unmark,
        name="portfolio_unmark",
    ),
]
