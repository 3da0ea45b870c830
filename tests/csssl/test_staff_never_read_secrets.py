"""No link or code that acts for someone reaches staff.

A password reset is requested for the superuser, an application is submitted (its endorser is
emailed a link) and an offer is sent; then each kind of staff member (a DCS group member, a
coordinator, the superuser) opens every admin and coordinator page they can, searches the
outbox for each recipient, and reads every change page, history page and export. None of
them may hold a live link, its token, or the nonce a link is made from. The recipients' own
emails, delivered afterwards, must hold the working links.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.utils.regex_helper import normalize

from applications import services
from applications import services as allocation
from applications.models import Decision, Endorsement, ExpressionOfInterest, Offer
from csssl import outbox
from csssl.models import OutboxMessage, User
from events.models import CalendarFeed
from tests.applications.allocation_fixtures import endorsed
from tests.applications.factories import ExpressionOfInterestFactory
from tests.factories import (
    CohortFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

from .test_url_walk import ADMIN_MODEL_PATH, PROJECT_APPS, Endpoint, endpoints

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]

SUPERUSER = "admin@example.org"
SECRET_LINK = re.compile(
    r"https?://[^\s/]+(?P<path>/(?:endorse|offers)/(?P<token>[^/\s]+)/"
    r"|/accounts/password/reset/key/(?P<key>[^/\s]+)/)"
)
#: Pages that only redirect, or leave the admin: nothing there for staff to read.
NOT_READ = {"admin:logout", "admin:view_on_site"}
#: The staff areas walked: the admin, and the coordinators' workspace and certificate pages.
STAFF_AREAS = ("admin:", "cohorts:workspace", "coordinator:", "certificates:")
MAX_OBJECTS = 8


@dataclass
class Scene:
    superuser: User
    pending: ExpressionOfInterest  # submitted; its endorser has a live link
    offered: ExpressionOfInterest  # endorsed and sent an offer
    feed: CalendarFeed
    searches: list[str]  # the recipients of the secret links


@pytest.fixture
def scene() -> Scene:
    superuser = UserFactory(email=SUPERUSER, is_staff=True, is_superuser=True)
    cohort = CohortFactory(capacity=5)
    # (a) A password reset for the superuser, asked for by someone signed out.
    response = Client().post("/accounts/password/reset/", {"email": SUPERUSER})
    assert response.status_code == 302
    # (b) An application submitted: its endorser is sent a link acting for them.
    pending = ExpressionOfInterestFactory(cohort=cohort)
    services.application_submit(application=pending)
    # (c) An offer sent, with the link to answer it.
    offered = endorsed(cohort)
    allocation.decision_record(
        application=offered, outcome=Decision.Outcome.OFFER, reason="Strong", by=coordinator()
    )
    allocation.outcomes_send(cohort=cohort)
    # A participant's secret calendar address.
    feed = CalendarFeed.objects.create(participant=ParticipantFactory(cohort=cohort))
    return Scene(
        superuser=superuser,
        pending=pending,
        offered=offered,
        feed=feed,
        searches=[SUPERUSER, pending.endorser_email, offered.applicant.email],
    )


# --- Every page a staff member can open ------------------------------------------------------


def _pks(model, **filters) -> list:
    return list(
        model._default_manager.filter(**filters)
        .order_by("pk")
        .values_list("pk", flat=True)[:MAX_OBJECTS]
    )


def _project_model(param: str):
    wanted = param.removesuffix("_id").replace("_", "")
    for config in apps.get_app_configs():
        if config.label in PROJECT_APPS:
            for model in config.get_models():
                if model._meta.model_name == wanted:
                    return model
    return None


def _addresses(endpoint: Endpoint) -> Iterator[str]:
    """Every address of ``endpoint`` with the objects there are: each object's change, delete
    and history pages, each version's page, each cohort's board and exports."""
    template, params = normalize(endpoint.regex)[0]
    match = ADMIN_MODEL_PATH.match(endpoint.regex)
    model = None
    if match:
        try:
            model = apps.get_model(match["app_label"], match["model_name"])
        except LookupError:
            model = None
    choices: dict[str, list] = {}
    for param in params:
        if param in ("object_id", "id", "_0") and model is not None:
            choices[param] = _pks(model)
        elif param == "_1" and model is not None and hasattr(model, "history"):
            choices[param] = [None]  # filled in per object below
        elif param == "app_label":
            choices[param] = sorted(PROJECT_APPS)
        elif param.endswith("_id") and _project_model(param) is not None:
            choices[param] = _pks(_project_model(param))
        else:
            return
    for combination in itertools.product(*(choices[p] for p in params)):
        values = dict(zip(params, combination, strict=True))
        if "_1" in values:
            history = model.history.model
            for version in _pks(history, **{model._meta.pk.attname: values["_0"]}):
                yield "/" + template % {**values, "_1": version}
        else:
            yield "/" + template % values


def staff_pages(
    user: User, searches: list[str], *, areas: tuple[str, ...] = STAFF_AREAS
) -> dict[str, tuple[int, str]]:
    """GET every staff page as ``user`` (those whose URL name starts with one of ``areas``):
    status and body by address. Changelists are also searched for each of ``searches``."""
    client = Client()
    client.force_login(user)
    pages: dict[str, tuple[int, str]] = {}
    for endpoint in endpoints():
        if not endpoint.key.startswith(areas) or endpoint.key in NOT_READ:
            continue
        if endpoint.key.startswith("admin:admin/"):
            continue  # "<object_id>/" only redirects to the change page
        for address in _addresses(endpoint):
            queries = [{}]
            if endpoint.key.endswith("_changelist"):
                queries += [{"q": term} for term in searches]
            for query in queries:
                response = client.get(address, query)
                body = b"".join(response) if response.streaming else response.content
                key = address + ("?q=" + query["q"] if query else "")
                pages[key] = (response.status_code, body.decode("utf-8", "replace"))
    return pages


# --- What only the recipients may read -------------------------------------------------------


def delivered_links() -> dict[str, str]:
    """Send what is waiting in the outbox; the secret link of each email delivered, by
    recipient."""
    for message_id in OutboxMessage.objects.filter(state=OutboxMessage.State.QUEUED).values_list(
        "pk", flat=True
    ):
        assert outbox.outbox_deliver(message_id=message_id) == "sent"
    links = {}
    for email in mail.outbox:
        found = SECRET_LINK.search(email.body)
        if found:
            links[email.to[0]] = found
    return links


def forbidden(links: dict[str, re.Match], scene: Scene) -> set[str]:
    """Every string that would let a reader act for a recipient: the links, their paths and
    tokens, the reset key, and the nonces and the calendar token the links are made from."""
    strings = {scene.feed.token}
    for found in links.values():
        strings |= {found[0], found["path"]}
        strings |= {part for part in (found["token"], found["key"]) if part}
        if found["key"]:
            strings.add(found["key"].split("-", 1)[1])  # the reset token without the user id
    strings |= set(Endorsement.objects.values_list("nonce", flat=True))
    strings |= set(Offer.objects.values_list("nonce", flat=True))
    return strings


def leaks(pages: dict[str, tuple[int, str]], secrets: set[str]) -> list[str]:
    return sorted(
        f"{address} shows {secret[:24]}..."
        for address, (_, body) in pages.items()
        for secret in secrets
        if secret in body
    )


@pytest.mark.parametrize("role", ["dcs", "coordinator", "superuser"])
def test_staff_pages_never_show_a_secret_link(role, scene):
    user = {"dcs": dcs_member, "coordinator": coordinator}.get(role, lambda: scene.superuser)()
    before = staff_pages(user, scene.searches)

    links = delivered_links()
    endorser = scene.pending.endorsements.get().endorser_email
    applicant = scene.offered.applicant.email
    assert {SUPERUSER, endorser, applicant} <= links.keys()
    secrets = forbidden(links, scene)
    assert not leaks(before, secrets)
    # Sent, the outbox pages show no more than before.
    outbox_pages = staff_pages(user, scene.searches, areas=("admin:csssl_outboxmessage",))
    assert outbox_pages
    assert not leaks(outbox_pages, secrets)

    # The walk reached the pages that matter for this role.
    reset = OutboxMessage.objects.get(recipient=SUPERUSER)
    offer = Offer.objects.get(application=scene.offered)
    endorsement = scene.pending.endorsements.get()
    outbox_page = f"/admin/csssl/outboxmessage/{reset.pk}/change/"
    readable = {
        "dcs": [f"/admin/applications/endorsement/{endorsement.pk}/change/"],
        "coordinator": [
            outbox_page,
            f"/admin/csssl/outboxmessage/?q={SUPERUSER}",
            f"/admin/applications/offer/{offer.pk}/change/",
            f"/admin/applications/offer/{offer.pk}/history/",
            f"/admin/applications/endorsement/{endorsement.pk}/change/",
        ],
    }
    readable["superuser"] = readable["coordinator"]
    assert [page for page in readable[role] if before[page][0] != 200] == []
    if role != "dcs":
        # Useful still: who it went to, what it is, and where the link was.
        body = before[outbox_page][1]
        assert SUPERUSER in body
        assert "password_reset_key" in body
        assert "[link for the recipient only]" in body


def test_delivered_emails_hold_working_links(client, scene):
    links = delivered_links()
    endorser = scene.pending.endorsements.get().endorser_email
    assert client.get(links[endorser]["path"]).status_code == 200
    reset = client.get(links[SUPERUSER]["path"], follow=True)
    assert reset.status_code == 200
    assert "password1" in reset.content.decode()
    client.force_login(scene.offered.applicant)
    answer = client.get(links[scene.offered.applicant.email]["path"])
    assert answer.status_code == 302
    assert answer["Location"].startswith(scene.offered.get_absolute_url())
    # Sent: the rows hold the placeholders only.
    for message in OutboxMessage.objects.all():
        assert not SECRET_LINK.search(message.body_text + message.body_html + message.subject)


def test_outbox_search_cannot_probe_the_secret(client, scene):
    """A lookup through the admin's address into the recipient-only values is refused, so
    nobody can guess a link one character at a time."""
    client.force_login(scene.superuser)
    response = client.get(
        "/admin/csssl/outboxmessage/", {"recipient_only__values__icontains": "endorse"}
    )
    assert response.status_code == 400
