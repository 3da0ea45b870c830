"""The coordinators' workspace (/coordinator/): every cohort they are working on, with the
links and cards each app registers for it (``cohorts.workspace``).

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from cohorts import rules
from cohorts.workspace import workspace
from csssl.roles import RoleRequiredMixin


class WorkspaceView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_use_workspace)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "cohorts/workspace.html", {"cohorts": workspace()})
