"""Every link in every email opens a page for the person it was sent to.

Each test causes one kind of email through the real service, reminder sweep or account page,
lets the outbox deliver it, and reads it as its recipient reads it: from
``django.core.mail.outbox``, not from the stored outbox row (which is not the email a person
receives). Every http link in its text and HTML bodies must be on this site, open the pages
listed for it, and answer 200 (after redirects) to its recipient: signed in as that person when
they hold an account, anonymous for someone who has none (an endorser, a payer) or who is not
signed in when the email comes (a new sign-up, a forgotten password).

``COVERED`` names the test that reads each kind of email; the last test fails when a template
under ``templates/emails`` or an account email that allauth sends with these settings is in
nobody's charge.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import allauth
import pytest
import time_machine
from allauth.account import app_settings as account_settings
from django.conf import settings as django_settings
from django.core import mail
from django.template.loader import get_template
from django.test import Client
from django.test.signals import template_rendered
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from applications import services
from applications import services as allocation
from applications.models import Decision, Offer
from csssl import retention
from csssl.accounts import AccountAdapter
from csssl.models import User
from csssl.reminders import reminders_sweep
from csssl.uktime import uk_moment, uk_today
from evaluations.services import plans
from evaluations.services.chasing import reminders_send
from evaluations.services.raters import rater_invite
from events import messaging
from events import services as event_services
from mentoring.services import groups as group_services
from mentoring.services import matching
from mentoring.services import placements as placement_services
from mentoring.services import sessions as mentoring_sessions
from tests.applications.allocation_fixtures import criteria, endorsed
from tests.applications.factories import ExpressionOfInterestFactory
from tests.evaluations.factories import RoundFactory
from tests.events.factories import EventFactory
from tests.factories import (
    PASSWORD,
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
)
from tests.mentoring.factories import (
    GroupMeetingFactory,
    MembershipFactory,
    MentorFactory,
    PairingFactory,
    PlacementFactory,
    PoolPlaceFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"  # the test client's host, so that every link can be followed
LINK = re.compile(r"https?://[^\s<>\"']+")

#: Each kind of email, and the test below that reads it.
COVERED = {
    "applications/receipt": "test_application_submitted",
    "applications/endorsement_request": "test_application_submitted",
    "applications/endorsement_result": "test_endorsement_answered",
    "applications/withdrawn": "test_application_withdrawn",
    "applications/draft_reminder": "test_draft_reminder",
    "csssl/account_inactive_warning": "test_inactive_account_warning",
    "applications/offer": "test_outcomes_sent",
    "applications/outcome_letter": "test_outcomes_sent",
    "applications/offer_reminder": "test_offer_reminder",
    "applications/offer_accepted": "test_offer_accepted_by_external_partner",
    "applications/invoice": "test_offer_accepted_by_external_partner",
    "applications/offer_declined": "test_offer_declined",
    "applications/offer_lapsed": "test_offer_lapsed",
    "applications/scoring_reminder": "test_scoring_reminder",
    "coordinator/message": "test_coordinator_message",
    "evaluations/participant_chase": "test_evaluation_participant_chase",
    "events/reminder": "test_event_reminder",
    "events/update": "test_event_update",
    "evaluations/rater_invitation": "test_rater_invited",
    "evaluations/self_reminder": "test_self_evaluation_reminder",
    "evaluations/plan_review": "test_plan_review_reminder",
    # Mentoring sessions.
    "mentoring/session_proposed": "test_mentoring_session_proposed",
    "mentoring/session_agreed": "test_mentoring_session_agreed",
    "mentoring/session_moved": "test_mentoring_session_moved",
    "mentoring/session_cancelled": "test_mentoring_session_cancelled",
    "mentoring/session_reminder": "test_mentoring_session_reminder",
    "mentoring/fit_no": "test_mentoring_fit_no",
    # Mentoring: groups
    "mentoring/group_meeting_update": "test_group_meeting_moved",
    # Mentoring: matching.
    "mentoring/introduction_participant": "test_mentoring_introduction",
    "mentoring/introduction_mentor": "test_mentoring_introduction",
    "mentoring/change_asked": "test_mentoring_change_asked",
    "mentoring/pairing_ended_participant": "test_mentoring_pairing_ended",
    "mentoring/pairing_ended_mentor": "test_mentoring_pairing_ended",
    "account/email/email_confirmation_signup": "test_account_signup",
    "account/email/account_already_exists": "test_account_signup_with_address_in_use",
    "account/email/email_confirmation": "test_account_login_before_confirming",
    "account/email/password_reset_key": "test_account_password_reset",
    "account/email/unknown_account": "test_account_password_reset_for_unknown_address",
    "account/email/login_code": "test_account_reauthentication_code",
    # Placements (mentoring, placements topic).
    "mentoring/placement_host": "test_placement_approved",
    "mentoring/placement_approved": "test_placement_approved",
    "mentoring/placement_declined": "test_placement_declined",
}


@dataclass(frozen=True)
class Email:
    """An email expected in the outbox: its template, its recipient (a ``User`` follows the
    links signed in; an address alone follows them anonymously) and the URL names its links
    open."""

    template: str
    to: User | str
    pages: set[str]

    @property
    def address(self) -> str:
        return (self.to.email if isinstance(self.to, User) else self.to).lower()


def links_in(message) -> list[str]:
    """Every http link in the text body and in any HTML alternative, as the recipient sees it."""
    bodies = [message.body]
    bodies += [
        html.unescape(content)
        for content, mimetype in getattr(message, "alternatives", [])
        if mimetype == "text/html"
    ]
    return [found.rstrip(".,;:)") for body in bodies for found in LINK.findall(body)]


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def page_of(link: str) -> str:
    path = urlsplit(link).path or "/"
    try:
        return resolve(path).view_name
    except Resolver404:
        return f"no page at {path}"


def follow(link: str, reader: User | None):
    """Open ``link`` in a fresh browser, as a recipient clicks it in their inbox."""
    browser = Client()
    if reader is not None:
        browser.force_login(reader)
    return browser.get(path_of(link), follow=True)


class Mailbox:
    """Delivers what an action sends and checks each email as its recipient gets it."""

    def __init__(self, test_name: str, capture) -> None:
        self.test_name = test_name
        self.capture = capture
        self.rendered: list[str] = []

    def _on_render(self, sender, template, context, **kwargs) -> None:
        name = template.name or ""
        if name.startswith("emails/"):
            self.rendered.append(re.sub(r"(\.subject)?\.(txt|html)$", "", name[len("emails/") :]))

    def account_email(self, template_prefix: str) -> None:
        self.rendered.append(template_prefix)

    @contextmanager
    def sending(self):
        """Run an action; the emails it writes are delivered when it commits."""
        mail.outbox.clear()
        self.rendered.clear()
        template_rendered.connect(self._on_render)
        try:
            with self.capture(execute=True):
                yield
        finally:
            template_rendered.disconnect(self._on_render)

    def check(self, *expected: Email) -> None:
        declared = {name for name, test in COVERED.items() if test == self.test_name}
        assert {email.template for email in expected} == declared, "COVERED is out of date"
        assert set(self.rendered) == declared, "the action sent other kinds of email"
        delivered = {}
        for message in mail.outbox:
            (to,) = message.to
            assert to not in delivered, f"two emails to {to}"
            delivered[to] = message
        assert sorted(delivered) == sorted(email.address for email in expected)
        for email in expected:
            links = links_in(delivered[email.address])
            reader = email.to if isinstance(email.to, User) else None
            for link in links:
                on_site = link == SITE or link.startswith(f"{SITE}/")
                assert on_site, f"{email.template}: {link} is not on the site"
                response = follow(link, reader)
                assert response.status_code == 200, (
                    f"{email.template}: {link} answered {response.status_code} to {email.to}, "
                    f"through {response.redirect_chain}"
                )
                assert response.resolver_match.view_name != "account_login", (
                    f"{email.template}: {link} asked {email.to} to sign in"
                )
            assert {page_of(link) for link in links} == set(email.pages), (email.template, links)


@pytest.fixture
def mailbox(request, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    box = Mailbox(request.function.__name__, django_capture_on_commit_callbacks)
    send_mail = AccountAdapter.send_mail

    def recording(adapter, template_prefix, email, context):
        box.account_email(template_prefix)
        return send_mail(adapter, template_prefix, email, context)

    monkeypatch.setattr(AccountAdapter, "send_mail", recording)
    return box


@pytest.fixture
def coord():
    return coordinator()


def decide(application, by, outcome=Decision.Outcome.OFFER):
    return allocation.decision_record(
        application=application,
        outcome=outcome,
        reason="A balanced cohort",
        by=by,
        waiting_rank=1 if outcome == Decision.Outcome.WAITING_LIST else None,
    )


def sent_offer(by, **kwargs) -> Offer:
    cohort = CohortFactory()
    application = endorsed(cohort, **kwargs)
    decide(application, by)
    allocation.outcomes_send(cohort=cohort)
    return Offer.objects.get(application=application, state=Offer.State.SENT)


# --- Applications ---------------------------------------------------------------------------


def test_application_submitted(mailbox):
    application = ExpressionOfInterestFactory(cohort=CohortFactory())
    with mailbox.sending():
        services.application_submit(application=application)
    mailbox.check(
        Email("applications/receipt", application.applicant, {"applications:detail"}),
        Email(
            "applications/endorsement_request",
            application.endorser_email,
            {"applications:endorse"},
        ),
    )


def test_endorsement_answered(mailbox):
    application = ExpressionOfInterestFactory(cohort=CohortFactory())
    services.application_submit(application=application)
    with mailbox.sending():
        services.endorsement_decline(
            endorsement=application.endorsements.get(), reason="Not this year."
        )
    mailbox.check(
        Email("applications/endorsement_result", application.applicant, {"applications:detail"})
    )


def test_application_withdrawn(mailbox):
    application = ExpressionOfInterestFactory(cohort=CohortFactory())
    services.application_submit(application=application)
    with mailbox.sending():
        services.application_withdraw(application=application)
    mailbox.check(Email("applications/withdrawn", application.applicant, set()))


def test_draft_reminder(mailbox):
    cohort = CohortFactory()
    draft = ExpressionOfInterestFactory(cohort=cohort)
    with time_machine.travel(cohort.closes_at - timedelta(days=7, minutes=-1), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(Email("applications/draft_reminder", draft.applicant, {"applications:apply"}))


def test_inactive_account_warning(mailbox):
    person = UserFactory()
    person.last_login = timezone.now() - timedelta(days=36 * 31)
    person.save(update_fields=["last_login"])
    with mailbox.sending():
        retention.retention_sweep()
    mailbox.check(Email("csssl/account_inactive_warning", person, {"account_login"}))


def test_outcomes_sent(mailbox, coord):
    cohort = CohortFactory(capacity=1)
    offered, waiting, refused = (endorsed(cohort) for _ in range(3))
    decide(offered, coord)
    decide(waiting, coord, Decision.Outcome.WAITING_LIST)
    decide(refused, coord, Decision.Outcome.NOT_OFFERED)
    with mailbox.sending():
        allocation.outcomes_send(cohort=cohort)
    mailbox.check(
        Email("applications/offer", offered.applicant, {"applications:offer_link"}),
        Email("applications/outcome_letter", waiting.applicant, set()),
        Email("applications/outcome_letter", refused.applicant, set()),
    )


def test_offer_reminder(mailbox, coord):
    offer = sent_offer(coord)
    with time_machine.travel(offer.respond_by - timedelta(days=2), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(
            Email(
                "applications/offer_reminder",
                offer.application.applicant,
                {"applications:offer_link"},
            )
        )


def test_offer_accepted_by_external_partner(mailbox, coord):
    offer = sent_offer(coord, external=True)
    applicant = offer.application.applicant
    with mailbox.sending():
        allocation.offer_accept(offer=offer, user=applicant)
    mailbox.check(
        Email("applications/offer_accepted", applicant, set()),
        Email("applications/invoice", offer.application.invoice_contact_email, set()),
    )


def test_offer_declined(mailbox, coord):
    offer = sent_offer(coord)
    applicant = offer.application.applicant
    with mailbox.sending():
        allocation.offer_decline(offer=offer, user=applicant, reason="A new post")
    mailbox.check(Email("applications/offer_declined", applicant, set()))


def test_offer_lapsed(mailbox, coord):
    offer = sent_offer(coord)
    with time_machine.travel(offer.respond_by + timedelta(hours=1), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(Email("applications/offer_lapsed", offer.application.applicant, set()))


def test_scoring_reminder(mailbox):
    cohort = CohortFactory()
    criteria(cohort)
    endorsed(cohort)
    member = dcs_member()
    closes_on = allocation.settings_for(cohort).scoring_closes_on
    noon = timezone.make_aware(datetime.combine(closes_on - timedelta(days=3), time(12)))
    with time_machine.travel(noon, tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(Email("applications/scoring_reminder", member, {"admin:applications_board"}))


# --- Events and coordinators' messages ------------------------------------------------------


def test_coordinator_message(mailbox, coord):
    participant = ParticipantFactory()
    with mailbox.sending():
        messaging.message_send(
            cohort=participant.cohort,
            recipients=[participant],
            subject="Before the first day",
            body="Please bring your development plan.",
            by=coord,
        )
    mailbox.check(Email("coordinator/message", participant.user, set()))


def test_event_reminder(mailbox):
    participant = ParticipantFactory()
    event = EventFactory(cohort=participant.cohort)
    with time_machine.travel(event.starts_at - timedelta(days=7, minutes=-1), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(Email("events/reminder", participant.user, {"cohorts:dashboard"}))


def test_event_update(mailbox):
    participant = ParticipantFactory()
    event = EventFactory(cohort=participant.cohort)
    before = event_services.calendar_snapshot(event)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save()
    with mailbox.sending():
        event_services.event_changed(event=event, before=before)
    mailbox.check(Email("events/update", participant.user, {"cohorts:dashboard"}))


# --- Evaluations ----------------------------------------------------------------------------


def test_rater_invited(mailbox):
    round_ = RoundFactory()
    participant = ParticipantFactory(cohort=round_.cohort)
    with mailbox.sending():
        rater_invite(
            participant=participant,
            round=round_,
            relationship="peer",
            name="Pat Peer",
            email="pat.peer@example.org",
        )
    # The rater has no account: the link opens their form as it is.
    mailbox.check(
        Email("evaluations/rater_invitation", "pat.peer@example.org", {"evaluations:rate"})
    )


def test_evaluation_participant_chase(mailbox):
    round = RoundFactory()
    participant = ParticipantFactory(cohort=round.cohort)
    with mailbox.sending():
        reminders_send(round=round)
    mailbox.check(
        Email("evaluations/participant_chase", participant.user, {"evaluations:overview"})
    )


def test_self_evaluation_reminder(mailbox):
    round = RoundFactory()
    participant = ParticipantFactory(cohort=round.cohort)
    with time_machine.travel(uk_moment(round.closes_on - timedelta(days=7), time(9)), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(
            Email("evaluations/self_reminder", participant.user, {"evaluations:overview"})
        )


def test_plan_review_reminder(mailbox):
    participant = ParticipantFactory()
    review_on = uk_today() + timedelta(days=10)
    plans.priority_add(participant=participant, title="Lead the review", review_on=review_on)
    with time_machine.travel(uk_moment(review_on - timedelta(days=3), time(9)), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(Email("evaluations/plan_review", participant.user, {"evaluations:plan"}))


# --- Mentoring: groups ------------------------------------------------------------------------


def test_group_meeting_moved(mailbox):
    member = MembershipFactory()
    meeting = GroupMeetingFactory(group=member.group)
    with mailbox.sending():
        group_services.meeting_move(
            meeting=meeting,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
            title=meeting.title,
            place="Room 5",
            by=coordinator(),
        )
    mailbox.check(
        Email("mentoring/group_meeting_update", member.participant.user, {"mentoring:me"}),
        Email(
            "mentoring/group_meeting_update", member.group.facilitator, {"mentoring:group_detail"}
        ),
    )


# --- Mentoring: matching --------------------------------------------------------------------


def _mentoring_pair():
    derby = OrganisationFactory(
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    return PairingFactory(mentor=MentorFactory(organisation=derby))


def test_mentoring_introduction(mailbox, coord):
    participant = ParticipantFactory()
    derby = OrganisationFactory(
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    place = PoolPlaceFactory(cohort=participant.cohort, mentor=MentorFactory(organisation=derby))
    proposal = matching.proposal_make(cohort=participant.cohort, by=coord)
    with mailbox.sending():
        matching.proposal_confirm(proposal=proposal, by=coord)
    mailbox.check(
        Email("mentoring/introduction_participant", participant.user, {"mentoring:me"}),
        Email("mentoring/introduction_mentor", place.mentor.user, {"mentoring:workspace"}),
    )


def test_mentoring_change_asked(mailbox):
    pairing = _mentoring_pair()
    team = coordinator(email=pairing.participant.cohort.programme.contact_email)
    with mailbox.sending():
        matching.change_request_make(participant=pairing.participant, reason="We never meet.")
    mailbox.check(Email("mentoring/change_asked", team, {"mentoring:coordinator"}))


def test_mentoring_pairing_ended(mailbox, coord):
    pairing = _mentoring_pair()
    with mailbox.sending():
        matching.pairing_end(pairing=pairing, by=coord, reason="Moved away")
    mailbox.check(
        Email("mentoring/pairing_ended_participant", pairing.participant.user, {"mentoring:me"}),
        Email("mentoring/pairing_ended_mentor", pairing.mentor.user, set()),
    )


# --- Placements (mentoring, placements topic) -----------------------------------------------


def placement_sent_for_approval():
    """A participant's placement, its objectives agreed by their mentor, awaiting approval."""
    placement = PlacementFactory(participant=PairingFactory().participant)
    pairing = placement.participant.pairings.get()
    placement_services.placement_objectives_agree(
        placement=placement,
        pairing=pairing,
        by=pairing.mentor.user,
        revision=placement_services.objectives_revision(placement),
    )
    placement_services.placement_submit(participant=placement.participant, placement=placement)
    return placement


def test_placement_approved(mailbox, coord):
    placement = placement_sent_for_approval()
    with mailbox.sending():
        placement_services.placement_approve(placement=placement, by=coord)
    mailbox.check(
        # The host has no account, and nothing on the site to open.
        Email("mentoring/placement_host", placement.host_contact_email, set()),
        Email(
            "mentoring/placement_approved",
            placement.participant.user,
            {"mentoring:placement_detail"},
        ),
    )


def test_placement_declined(mailbox, coord):
    placement = placement_sent_for_approval()
    with mailbox.sending():
        placement_services.placement_decline(placement=placement, by=coord, note="Other dates")
    mailbox.check(
        Email(
            "mentoring/placement_declined",
            placement.participant.user,
            {"mentoring:placement_detail"},
        )
    )


# --- Accounts (allauth, through csssl/accounts.py) ------------------------------------------

SIGNUP = {
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "priya.shah@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_account_signup(mailbox, client):
    with mailbox.sending():
        client.post(reverse("account_signup"), SIGNUP)
    mailbox.check(
        Email(
            "account/email/email_confirmation_signup",
            SIGNUP["email"],
            {"account_confirm_email", "cohorts:home"},
        )
    )


def test_account_signup_with_address_in_use(mailbox, client):
    UserFactory(email=SIGNUP["email"])
    with mailbox.sending():
        client.post(reverse("account_signup"), SIGNUP)
    mailbox.check(
        Email(
            "account/email/account_already_exists",
            SIGNUP["email"],
            {"account_reset_password", "cohorts:home"},
        )
    )


def test_account_login_before_confirming(mailbox, client):
    user = UserFactory(verified=False)
    with mailbox.sending():
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    mailbox.check(
        Email(
            "account/email/email_confirmation",
            user.email,
            {"account_confirm_email", "cohorts:home"},
        )
    )


def test_account_password_reset(mailbox, client):
    user = UserFactory()
    with mailbox.sending():
        client.post(reverse("account_reset_password"), {"email": user.email})
    mailbox.check(
        Email(
            "account/email/password_reset_key",
            user.email,
            {"account_reset_password_from_key", "cohorts:home"},
        )
    )


def test_account_password_reset_for_unknown_address(mailbox, client):
    with mailbox.sending():
        client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    mailbox.check(
        Email(
            "account/email/unknown_account",
            "nobody@example.org",
            {"account_signup", "cohorts:home"},
        )
    )


def test_account_reauthentication_code(mailbox, client):
    user = UserFactory()
    client.force_login(user)
    with mailbox.sending():
        client.post(reverse("account_request_reauthentication_code"), {"recipient": user.email})
    mailbox.check(Email("account/email/login_code", user, {"cohorts:home"}))


# --- Nothing left out -----------------------------------------------------------------------


def email_templates() -> set[str]:
    """Every kind of email under templates/emails, named as ``email_send`` takes it."""
    root = Path(django_settings.BASE_DIR) / "templates" / "emails"
    return {
        re.sub(r"(\.subject)?\.(txt|html)$", "", str(path.relative_to(root)))
        for path in root.rglob("*")
        if path.is_file()
    }


def account_emails() -> set[str]:
    """Every account email allauth can send with this project's settings: each of its email
    templates (or ours in their place) but the layouts, the notifications while they are off,
    and password reset by code while that is off."""
    folders = [
        Path(allauth.__file__).parent / "templates" / "account" / "email",
        Path(django_settings.BASE_DIR) / "templates" / "account" / "email",
    ]
    names = {
        path.name.removesuffix("_subject.txt") for f in folders for path in f.glob("*_subject.txt")
    }
    sent = set()
    for name in names:
        source = get_template(f"account/email/{name}_message.txt").template.source
        if "base_notification" in source and not account_settings.EMAIL_NOTIFICATIONS:
            continue
        if name == "password_reset_code" and not account_settings.PASSWORD_RESET_BY_CODE_ENABLED:
            continue
        sent.add(f"account/email/{name}")
    return sent


def test_every_kind_of_email_has_its_links_followed():
    assert account_emails() >= {
        "account/email/email_confirmation_signup",
        "account/email/password_reset_key",
    }
    assert set(COVERED) == email_templates() | account_emails()
    tests = {name for name, value in globals().items() if name.startswith("test_")}
    assert set(COVERED.values()) <= tests


# --- Mentoring sessions ---------------------------------------------------------------------


def _pairing():
    return PairingFactory()


def _session(pairing, **kwargs):
    return SessionFactory(pairing=pairing, **kwargs)


def test_mentoring_session_proposed(mailbox):
    pairing = _pairing()
    starts = timezone.now() + timedelta(days=5)
    with mailbox.sending():
        mentoring_sessions.session_propose(
            pairing=pairing,
            by=pairing.mentor.user,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place="Video call",
        )
    mailbox.check(
        Email(
            "mentoring/session_proposed", pairing.participant.user, {"mentoring:session_me_detail"}
        )
    )


def test_mentoring_session_agreed(mailbox):
    pairing = _pairing()
    session = _session(pairing, status="proposed", agreed_at=None)
    with mailbox.sending():
        mentoring_sessions.session_agree(session=session, by=pairing.participant.user)
    mailbox.check(
        Email("mentoring/session_agreed", pairing.mentor.user, {"mentoring:session_detail"})
    )


def test_mentoring_session_moved(mailbox):
    pairing = _pairing()
    session = _session(pairing)
    starts = session.starts_at + timedelta(days=1)
    with mailbox.sending():
        mentoring_sessions.session_move(
            session=session,
            by=pairing.participant.user,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        )
    mailbox.check(
        Email("mentoring/session_moved", pairing.mentor.user, {"mentoring:session_detail"})
    )


def test_mentoring_session_cancelled(mailbox):
    pairing = _pairing()
    session = _session(pairing)
    with mailbox.sending():
        mentoring_sessions.session_cancel(session=session, by=pairing.mentor.user)
    mailbox.check(
        Email(
            "mentoring/session_cancelled", pairing.participant.user, {"mentoring:session_me_detail"}
        )
    )


def test_mentoring_session_reminder(mailbox):
    pairing = _pairing()
    tomorrow = uk_today() + timedelta(days=1)
    starts = uk_moment(tomorrow, time(15))
    _session(pairing, starts_at=starts, ends_at=starts + timedelta(hours=1))
    with time_machine.travel(uk_moment(tomorrow - timedelta(days=1), time(9)), tick=False):
        with mailbox.sending():
            reminders_sweep()
        mailbox.check(
            Email("mentoring/session_reminder", pairing.mentor.user, {"mentoring:session_detail"}),
            Email(
                "mentoring/session_reminder",
                pairing.participant.user,
                {"mentoring:session_me_detail"},
            ),
        )


def test_mentoring_fit_no(mailbox):
    pairing = _pairing()
    past = timezone.now() - timedelta(days=1)
    _session(pairing, status="held", starts_at=past, held_at=past)
    with mailbox.sending():
        mentoring_sessions.fit_answer(pairing=pairing, by=pairing.participant.user, works=False)
    # The programme's contact address: no link, and nothing of it reaches the mentor.
    mailbox.check(
        Email("mentoring/fit_no", pairing.participant.cohort.programme.contact_email, set())
    )
