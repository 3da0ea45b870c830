"""The demo's portfolio: loaded twice it holds the same rows; the shared entry carries a real
image its mentor can download; the private one reaches nobody else."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.models import Evidence, PortfolioEntry
from mentoring.services.portfolio import PNG, kind_of
from tests.mentoring.factories import private_media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_demo_portfolio_loads_once_and_shares_as_described(client):
    call_command("load_demo", force=True, stdout=StringIO())
    call_command("load_demo", force=True, stdout=StringIO())

    entries = PortfolioEntry.objects.filter(
        participant__user__email="alicse.participant@example.org"
    )
    assert entries.count() == 3
    assert Evidence.objects.count() == 1
    shared = entries.get(shared_with_mentor=True)
    private = entries.get(shared_with_mentor=False, shared_with_facilitators=False)
    evidence = shared.evidence.get()
    assert kind_of(evidence.file.read()) == PNG
    assert shared.qualities.exists()

    client.force_login(shared.participant.pairings.get(status="active").mentor.user)
    assert (
        client.get(reverse("mentoring:portfolio_evidence", args=[evidence.pk])).status_code == 200
    )
    assert client.get(reverse("mentoring:portfolio_shared", args=[private.pk])).status_code == 404
    client.force_login(shared.participant.user)
    page = client.get(reverse("mentoring:portfolio")).content.decode()
    assert private.title in page
