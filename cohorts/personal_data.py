"""What the cohorts app holds about a person, for their copy of their record
(``csssl.personal_data``): their places on cohorts, what changed in them, and their
certificates with the code anyone can check them by. Three queries.
"""

from __future__ import annotations

from csssl.personal_data import Section, fields_of, history_items, register

from .models import Certificate, Participant


@register("cohorts", order=10)
def participation_sections(*, user) -> list[Section]:
    places = list(
        Participant.objects.filter(user=user)
        .select_related("cohort__programme", "organisation", "local_authority")
        .order_by("joined_at", "pk")
    )
    history = Participant.history.filter(id__in=[p.pk for p in places])
    certificates = Certificate.objects.filter(participant__user=user).order_by("issued_at")
    return [
        Section(
            title="Your places on programmes",
            intro="The cohorts you have a place on, as the programme team records them.",
            items=[
                {"Cohort": str(place.cohort), **fields_of(place, leave_out={"user", "cohort"})}
                for place in places
            ],
        ),
        Section(
            title="Changes to your places",
            intro="What changed in your places, and when.",
            items=history_items(history, user=user),
        ),
        Section(
            title="Certificates",
            intro=(
                "Each certificate as it was awarded, with its verification code: anyone you give "
                "the code to can check the certificate at /certificates/verify/."
            ),
            items=[
                {
                    **fields_of(certificate, leave_out={"participant"}),
                    "Verification address": certificate.verify_url,
                }
                for certificate in certificates
            ],
        ),
    ]
