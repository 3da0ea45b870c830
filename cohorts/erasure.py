"""The cohorts app's part of an erasure (``csssl.erasure``): the person's places stay (each
cohort counts them) with their job title removed and without their history; their
certificates either stay checkable as they are, when the person agreed, or lose the name and
answer the public check with "withdrawn at the holder's request"."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from csssl.erasure import register
from csssl.inactive_accounts import register_live

from .models import Certificate, Participant

REMOVED = "Removed"


@register(
    "cohorts",
    order=10,
    describes=(
        "Their places on cohorts stay, so every count stays right, with their job title and "
        "the history of each place removed. Their certificates are withdrawn (the public check "
        "says so, without a name), unless they agreed to keep them checkable."
    ),
)
def cohorts_erase(*, user, keep_certificates: bool) -> int:
    ids = list(Participant.objects.filter(user=user).values_list("pk", flat=True))
    if not ids:
        return 0
    Participant.objects.filter(pk__in=ids).update(job_title=REMOVED)
    Participant.history.filter(id__in=ids).delete()
    # The admin's log names a place by the person's name ("Alex Person – Cohort 1").
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr="Place of an erased account")
    certificates = 0
    if not keep_certificates:
        certificates = Certificate.objects.filter(
            participant_id__in=ids, withdrawn_at__isnull=True
        ).update(name="", withdrawn_at=timezone.now())
    return len(ids) + certificates


@register_live
def on_a_running_place(user_ids: set[int]) -> set[int]:
    """An active place keeps an account live, however long since its holder signed in."""
    return set(
        Participant.objects.filter(user_id__in=user_ids, status=Participant.Status.ACTIVE)
        .values_list("user_id", flat=True)
        .distinct()
    )
