"""A cohort's engagement, for coordinators: every participant against the cohort's completion
rule, those at risk first.

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from csssl.roles import RoleRequiredMixin
from events import rules
from events.selectors.cohort import coordinator_cohort
from events.selectors.engagement import engagement_board


class EngagementView(RoleRequiredMixin, View):
    """Every participant of a cohort against its completion rule, those at risk first."""

    role_test = staticmethod(rules.can_see_engagement)

    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = coordinator_cohort(cohort_id=cohort_id)
        return render(
            request,
            "coordinator/engagement.html",
            {"cohort": cohort, "board": engagement_board(cohort=cohort)},
        )
