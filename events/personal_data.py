"""What the events app holds about a person, for their copy of their record
(``csssl.personal_data``): their attendance at each event, as the register records it, and
the apologies they sent. Who marked a register is not shown. Two queries.
"""

from __future__ import annotations

from csssl.personal_data import Section, fields_of, moment, register

from .models import Apology, AttendanceRecord


@register("events", order=30)
def events_sections(*, user) -> list[Section]:
    attendance = (
        AttendanceRecord.objects.filter(participant__user=user)
        .select_related("event__cohort__programme")
        .order_by("event__starts_at", "pk")
    )
    apologies = (
        Apology.objects.filter(participant__user=user)
        .select_related("event__cohort__programme")
        .order_by("event__starts_at", "pk")
    )
    return [
        Section(
            title="Attendance",
            intro="Your attendance at each event, as the register records it.",
            items=[
                {
                    "Event": record.event.title,
                    "Cohort": str(record.event.cohort),
                    "Starts": moment(record.event.starts_at),
                    **fields_of(record, leave_out={"event", "participant", "marked_by"}),
                }
                for record in attendance
            ],
        ),
        Section(
            title="Apologies",
            intro="The apologies you sent for events you could not attend.",
            items=[
                {
                    "Event": apology.event.title,
                    "Cohort": str(apology.event.cohort),
                    "Starts": moment(apology.event.starts_at),
                    **fields_of(apology, leave_out={"event", "participant"}),
                }
                for apology in apologies
            ],
        ),
    ]
