"""Changes to cohorts and participants that other apps call down into."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import Cohort, LocalAuthority, Organisation, Participant


class CohortError(Exception):
    """A rule about cohorts or participants was broken; the message is for a person."""


def organisation_for(
    *, name: str, type: str, local_authority: LocalAuthority | None
) -> Organisation:
    """The organisation of that name, created the first time someone from it joins."""
    organisation, _ = Organisation.objects.get_or_create(
        name=name.strip(), defaults={"type": type, "local_authority": local_authority}
    )
    return organisation


def participant_enrol(
    *,
    user,
    cohort: Cohort,
    organisation: Organisation,
    job_title: str,
    local_authority: LocalAuthority | None,
) -> Participant:
    """Give a person their place on a cohort. One participation per person per cohort."""
    try:
        with transaction.atomic():
            return Participant.objects.create(
                user=user,
                cohort=cohort,
                organisation=organisation,
                job_title=job_title,
                local_authority=local_authority,
            )
    except IntegrityError as exc:
        raise CohortError(f"{user} already has a place on {cohort}.") from exc
