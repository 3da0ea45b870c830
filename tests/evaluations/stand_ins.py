"""Stand-ins for evaluation pages other parts of the app provide: the participant's overview
(``evaluations:overview``, /me/evaluations/) and the rater's form (``evaluations:rate``).

Links to them are made with ``reverse``, so a test that renders or follows one needs them in
the URL configuration. The ``evaluation_pages`` fixture switches to ``urlpatterns`` below, with
a plain page for each that the project's own configuration lacks; where the project has them
all, it changes nothing and the real pages answer.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLResolver, include, path, reverse

from csssl import urls as site
from evaluations import urls as evaluations

NEEDED = {
    "overview": ("me/evaluations/", {}),
    "rate": ("rate/<str:token>/", {"token": "x"}),
}


def stand_in(request, **kwargs) -> HttpResponse:
    return HttpResponse("A page of the evaluations app.")


def missing(urlconf: str | None = None) -> list[str]:
    """The names in ``NEEDED`` the URL configuration does not have."""
    names = []
    for name, (_, kwargs) in NEEDED.items():
        try:
            reverse(f"evaluations:{name}", kwargs=kwargs or None, urlconf=urlconf)
        except NoReverseMatch:
            names.append(name)
    return names


def _patterns() -> list:
    lacking = missing(urlconf="csssl.urls")
    own = [*evaluations.urlpatterns]
    own += [path(NEEDED[name][0], stand_in, name=name) for name in lacking]
    kept = [
        entry
        for entry in site.urlpatterns
        if not (isinstance(entry, URLResolver) and entry.app_name == "evaluations")
    ]
    return [*kept, path("", include((own, "evaluations")))]


urlpatterns = _patterns()
handler404 = site.handler404


@pytest.fixture
def evaluation_pages(settings):
    """The overview and rater pages, real or standing in, reachable by ``reverse``."""
    if missing(urlconf="csssl.urls"):
        settings.ROOT_URLCONF = __name__
