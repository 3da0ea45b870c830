"""What every coordinator's round page shares: who may open it, and the way back to the
progress page with its filter."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.views import View

from csssl.roles import RoleRequiredMixin
from evaluations import rules
from evaluations.models import Round
from evaluations.selectors import coordinator as selectors


def progress_url(round: Round, participant_id: int | None = None, show: str = "") -> str:
    url = reverse("evaluations:coordinator_progress", kwargs={"round_id": round.pk})
    if show and show in selectors.FILTERS and show != "all":
        url += "?" + urlencode({"show": show})
    return f"{url}#participant-{participant_id}" if participant_id else url


def show_of(request: HttpRequest) -> str:
    show = request.GET.get("show") or request.POST.get("show") or "all"
    return show if show in selectors.FILTERS else "all"


class CoordinatorView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_run_evaluations)
