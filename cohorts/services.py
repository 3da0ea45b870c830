"""Changes to cohorts and participants that other apps call down into."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from csssl.uktime import long_date, uk_today

from .models import (
    Certificate,
    Cohort,
    LocalAuthority,
    Organisation,
    Participant,
    new_certificate_code,
)

#: How many fresh codes are tried when a new one happens to be taken already (about one chance
#: in 10^17 each time): more than one retry means something else is wrong.
CODE_ATTEMPTS = 3


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
    now: datetime | None = None,
) -> Participant:
    """Give a person their place on a cohort, joined at ``now`` (the clock by default). One
    participation per person per cohort."""
    try:
        with transaction.atomic():
            return Participant.objects.create(
                user=user,
                cohort=cohort,
                organisation=organisation,
                job_title=job_title,
                local_authority=local_authority,
                joined_at=now or timezone.now(),
            )
    except IntegrityError as exc:
        raise CohortError(f"{user} already has a place on {cohort}.") from exc


def certificate_issue(*, participant: Participant, now: datetime | None = None) -> Certificate:
    """Issue the participant's certificate, or return the one they already have.

    Rules kept here: never before the programme's end (the cohort's last day, UK time); never
    to someone who has withdrawn; at most one per participation, however many times or from
    however many processes this is called; every code unique. What the certificate says is
    copied from the participant, programme and cohort as they are now. The participation is
    marked completed.

    Whether the participant met the programme's rule is decided by the caller that reads the
    completion rule (``cohorts.certificates.certificate_award``), which calls down to this.
    """
    now = now or timezone.now()
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("user", "cohort__programme")
            .get(pk=participant.pk)
        )
        existing = Certificate.objects.filter(participant=participant).first()
        if existing is not None:
            return existing
        cohort = participant.cohort
        if uk_today(now=now) < cohort.ends_on:
            raise CohortError(
                f"Certificates for {cohort} can be issued from "
                f"{long_date(cohort.ends_on)}, when the programme ends."
            )
        if participant.status == Participant.Status.WITHDRAWN:
            raise CohortError(f"{participant.user} withdrew from {cohort}: no certificate is due.")
        programme = cohort.programme
        for _ in range(CODE_ATTEMPTS):
            certificate = Certificate(
                participant=participant,
                code=new_certificate_code(),
                issued_at=now,
                name=participant.user.display_name,
                programme_name=programme.name,
                programme_short_name=programme.short_name,
                cohort_name=cohort.name,
                accreditation=programme.accreditation,
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                signatory_name=programme.certificate_signatory_name.strip(),
                signatory_title=programme.signatory_title,
            )
            # The participant is the row locked above, so checking that it exists is a query
            # for nothing: every other field is checked.
            certificate.full_clean(exclude=["participant"], validate_unique=False)
            try:
                with transaction.atomic():
                    certificate.save(force_insert=True)
            except IntegrityError:
                # Where the database has no row locks, another process may have issued it a
                # moment ago; otherwise the clash was the code, and a new one is drawn.
                existing = Certificate.objects.filter(participant=participant).first()
                if existing is not None:
                    return existing
                continue
            if participant.status != Participant.Status.COMPLETED:
                participant.status = Participant.Status.COMPLETED
                participant.save(update_fields=["status"])
            return certificate
    raise CohortError("No unused certificate code could be found; please try again.")
