"""The raters a participant invites: inviting, correcting and withdrawing them, and the signed
link that opens their form at ``/rate/<token>/``.

The link is a ``csssl.links`` kind of its own (``RATER_LINK``), made and read here alone. Each
invitation keeps a random nonce that the link carries: correcting or withdrawing an invitation
gives it a new one, so earlier links stop, and answering or declining uses the link up.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.addresses import absolute_url
from csssl.links import LinkExpired, LinkInvalid, LinkUsed, SignedLink, days_setting, nonce_rotate
from csssl.outbox import content_occasion, email_send
from csssl.uktime import uk_today
from evaluations.errors import EvaluationError, RaterLinkError
from evaluations.models import RaterInvitation, Relationship, Report, Round

RATER_SALT = "evaluations.rater"
#: The rater's link: its salt and payload keys ("r", "n") are those of every link already sent.
RATER_LINK = SignedLink(salt=RATER_SALT, max_age=days_setting("RATER_LINK_DAYS"), id_key="r")

State = RaterInvitation.State
#: Invitations that still count against the round's limits.
COUNTED = (State.INVITED, State.SUBMITTED, State.DECLINED)


# --- The signed link ----------------------------------------------------------------------------


def rater_token(invitation: RaterInvitation) -> str:
    return RATER_LINK.token_for(invitation)


def rater_link(invitation: RaterInvitation) -> str:
    """The rater's full address: for their email alone."""
    return absolute_url("evaluations:rate", token=rater_token(invitation))


def link_expires_at(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + RATER_LINK.age_limit()


def invitation_from_token(token: str, *, now: datetime | None = None) -> RaterInvitation:
    """The open invitation a link is for, or :class:`RaterLinkError` saying why not."""
    try:
        invitation = RATER_LINK.resolve(
            token,
            RaterInvitation.objects.select_related(
                "round__version", "round__cohort__programme", "participant__user"
            ),
        )
    except LinkExpired as exc:
        raise RaterLinkError("expired") from exc
    except LinkUsed as exc:
        invitation = exc.obj
        # Withdrawing rotates the nonce too, so a removed rater's link reads as used.
        used_up = {
            State.SUBMITTED: "answered",
            State.DECLINED: "declined",
            State.WITHDRAWN: "withdrawn",
        }
        if isinstance(invitation, RaterInvitation) and invitation.state in used_up:
            raise RaterLinkError(used_up[invitation.state]) from exc
        raise RaterLinkError("invalid") from exc
    except LinkInvalid as exc:
        raise RaterLinkError("invalid") from exc
    if invitation.state == State.WITHDRAWN:
        raise RaterLinkError("withdrawn")
    if invitation.state != State.INVITED:
        raise RaterLinkError("answered" if invitation.state == State.SUBMITTED else "declined")
    if invitation.round.has_closed(uk_today(now=now)):
        raise RaterLinkError("closed")
    if report_frozen(round=invitation.round, participant_id=invitation.participant_id):
        raise RaterLinkError("complete")
    return invitation


def report_frozen(*, round: Round, participant_id: int) -> bool:
    """Whether the participant's report for the round is frozen: from then on nothing is
    added."""
    return Report.objects.filter(round=round, participant_id=participant_id).exists()


# --- Email --------------------------------------------------------------------------------------


def invitation_email(
    *, invitation: RaterInvitation, occasion: str = "", now: datetime | None = None
) -> bool:
    """Email the rater a fresh link. ``occasion`` makes each reminder go once; the first
    invitation is keyed by the invitation's nonce, so a corrected one goes again. The link acts
    for the rater, so it is the email's secret: only they read it, never staff."""
    participant = invitation.participant
    round = invitation.round
    _, created = email_send(
        kind="rater_invitation",
        to=invitation.email,
        about=invitation,
        occasion=occasion or content_occasion("invitation", invitation.nonce),
        template="evaluations/rater_invitation",
        context={
            "invitation": invitation,
            "participant": participant,
            "person": participant.user.display_name,
            "round": round,
            "cohort": round.cohort,
            "is_line_manager": invitation.relationship == Relationship.LINE_MANAGER,
            "expires_on": min(link_expires_at(now).date(), round.closes_on),
            "reminder": bool(occasion),
        },
        secrets={"link": rater_link(invitation)},
        reply_to=participant.user.email,
    )
    return created


# --- Inviting -----------------------------------------------------------------------------------


def _clean_contact(*, participant: Participant, name: str, email: str) -> tuple[str, str]:
    name, email = name.strip(), email.strip().lower()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the rater's name."
    elif len(name) > RaterInvitation._meta.get_field("name").max_length:
        errors["name"] = "A name of up to 200 characters, please."
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Give an email address like name@example.org."
    else:
        if email == participant.user.email.strip().lower():
            errors["email"] = "That is your own address: invite someone else."
    if errors:
        raise EvaluationError(" ".join(errors.values()), errors=errors)
    return name, email


def _check_room(
    *,
    round: Round,
    participant: Participant,
    relationship: str,
    email: str,
    now: datetime,
    exclude: int | None = None,
) -> None:
    limits = round.limits()
    if relationship not in limits:
        raise EvaluationError(
            "This round does not ask for that kind of rater.",
            errors={"relationship": "Choose one of the kinds of rater listed."},
        )
    today = uk_today(now=now)
    if today < round.opens_on:
        raise EvaluationError("The round has not opened yet: invite raters once it opens.")
    if round.has_closed(today):
        raise EvaluationError("The round has closed, so no more raters can be invited.")
    if report_frozen(round=round, participant_id=participant.pk):
        raise EvaluationError("The report is complete, so no more feedback can be added.")
    current = RaterInvitation.objects.filter(
        round=round, participant=participant, state__in=COUNTED
    ).exclude(pk=exclude)
    if current.filter(email=email).exists():
        raise EvaluationError(
            "That person is already invited.", errors={"email": "Already invited this round."}
        )
    most = limits[relationship][1]
    if current.filter(relationship=relationship).count() >= most:
        label = Relationship(relationship).label.lower()
        raise EvaluationError(
            f"The round takes at most {most} {label}{'s' if most != 1 else ''}.",
            errors={"relationship": f"No more than {most} can be invited."},
        )


@transaction.atomic
def rater_invite(
    *,
    participant: Participant,
    round: Round,
    relationship: str,
    name: str,
    email: str,
    added_by=None,
    now: datetime | None = None,
) -> RaterInvitation:
    """Invite a rater and email them their link, within the round's limits. The participant's
    row is locked so two quick invitations cannot both take the last place."""
    now = now or timezone.now()
    Participant.objects.select_for_update().get(pk=participant.pk)
    name, email = _clean_contact(participant=participant, name=name, email=email)
    _check_room(
        round=round, participant=participant, relationship=relationship, email=email, now=now
    )
    invitation = RaterInvitation.objects.create(
        round=round,
        participant=participant,
        relationship=relationship,
        name=name,
        email=email,
        invited_at=now,
        added_by=added_by,
    )
    invitation_email(invitation=invitation, now=now)
    return invitation


@transaction.atomic
def rater_correct(
    *,
    invitation: RaterInvitation,
    name: str,
    email: str,
    relationship: str,
    by=None,
    now: datetime | None = None,
) -> RaterInvitation:
    """Correct a rater's name, address or relationship (a coordinator's fix of a typing
    mistake). A rater who has not answered gets a new link at the address now given, and the
    old link stops. It works the same whether or not they have answered, and says nothing of
    which: an answer already given stays in the group it was given in."""
    now = now or timezone.now()
    invitation = RaterInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == State.WITHDRAWN:
        raise EvaluationError("This rater was removed from the round.")
    participant = invitation.participant
    name, email = _clean_contact(participant=participant, name=name, email=email)
    _check_room(
        round=invitation.round,
        participant=participant,
        relationship=relationship,
        email=email,
        now=now,
        exclude=invitation.pk,
    )
    invitation.name, invitation.email, invitation.relationship = name, email, relationship
    fields = ["name", "email", "relationship"]
    if invitation.state == State.INVITED:
        invitation.invited_at = now
        nonce_rotate(invitation, save=False)
        fields += ["invited_at", "nonce"]
    invitation.save(update_fields=fields)
    if invitation.state == State.INVITED:
        invitation_email(invitation=invitation, now=now)
    return invitation


@transaction.atomic
def rater_withdraw(*, invitation: RaterInvitation) -> RaterInvitation:
    """Take a rater off the participant's list. A link not yet used stops at once; an answer
    already given stays in the report, as the rater meant it to. It works the same either way,
    so removing someone never tells whether they had answered."""
    invitation = RaterInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == State.WITHDRAWN:
        return invitation
    invitation.state = State.WITHDRAWN
    invitation.draft = {}
    nonce_rotate(invitation, save=False)
    invitation.save(update_fields=["state", "draft", "nonce"])
    return invitation
