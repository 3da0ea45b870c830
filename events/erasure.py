"""The events app's part of an erasure (``csssl.erasure``): the person's apologies and
register entries stay, so every attendance count stays right; the reasons they gave and the
notes on their registers go, with the history that held them."""

from __future__ import annotations

from csssl.erasure import register

from .models import Apology, AttendanceRecord, CalendarFeed

REMOVED = "Removed"


@register(
    "events",
    order=30,
    describes=(
        "Their attendance and apologies stay, so the registers count as before; the reasons "
        "they gave for apologies and the notes on their registers go, and so does their "
        "calendar feed address."
    ),
)
def events_erase(*, user, keep_certificates: bool) -> int:
    apologies = Apology.objects.filter(participant__user=user).update(reason=REMOVED)
    noted = list(
        AttendanceRecord.history.filter(participant__user=user)
        .exclude(note="")
        .values_list("id", flat=True)
        .distinct()
    )
    noted = set(noted) | set(
        AttendanceRecord.objects.filter(participant__user=user)
        .exclude(note="")
        .values_list("pk", flat=True)
    )
    AttendanceRecord.objects.filter(pk__in=noted).update(note="")
    AttendanceRecord.history.filter(id__in=noted).delete()
    feeds, _ = CalendarFeed.objects.filter(participant__user=user).delete()
    return apologies + len(noted) + feeds
