"""Removing raters' names and addresses once a round no longer needs them.

A rater's name and address are kept only for their link and their reminders, which all come
before the round closes. Once it has closed they are blanked on every invitation of the round,
with any answers saved but never submitted (which no report uses); each invitation's nonce is
rotated, so no link sent for the round opens anything again. What stays is each invitation's
relationship and state, which the counts per relationship read. The round records when it was
done (``Round.identities_removed_at``), so it is done once.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from csssl.links import nonce_rotate
from csssl.uktime import uk_today
from evaluations.errors import EvaluationError
from evaluations.models import RaterInvitation, Round


@transaction.atomic
def round_identities_remove(*, round: Round, now: datetime | None = None) -> int:
    """Blank the name, address and draft of every invitation of a closed round and rotate its
    nonce; returns how many invitations were blanked (0 when already done). A round still open,
    or not yet open, is refused: its raters may still need their links and reminders. The
    round's row is locked, so two sweeps at once do it once."""
    now = now or timezone.now()
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.identities_removed_at is not None:
        return 0
    if not round.has_closed(uk_today(now=now)):
        raise EvaluationError(
            "The round has not closed: its raters may still need their links and reminders."
        )
    invitations = list(RaterInvitation.objects.select_for_update().filter(round=round))
    for invitation in invitations:
        invitation.name = ""
        invitation.email = ""
        invitation.draft = {}
        nonce_rotate(invitation, save=False)
    RaterInvitation.objects.bulk_update(
        invitations, ["name", "email", "draft", "nonce"], batch_size=500
    )
    round.identities_removed_at = now
    round.save(update_fields=["identities_removed_at"])
    return len(invitations)


def identities_remove_due(
    *, now: datetime | None = None, closed_before: datetime | None = None
) -> int:
    """Remove the raters' names and addresses of every round that has closed (before the UK
    day of ``closed_before``, when given) and still holds them: the retention schedule's daily
    step. Returns how many invitations were blanked."""
    now = now or timezone.now()
    due = Round.objects.filter(
        closes_on__lt=uk_today(now=closed_before or now), identities_removed_at__isnull=True
    ).order_by("pk")
    return sum(round_identities_remove(round=round, now=now) for round in due)
