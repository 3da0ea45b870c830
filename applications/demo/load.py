"""Demo expressions of interest and allocation set-up: run by ``manage.py load_demo``.

The current CSSSL cohort gets a field of applications at every stage (endorsed, awaiting the
endorser, declined by the endorser, still a draft) and an allocation board ready to use:
criteria, balance targets, three DCS group members each kept from scoring their own authority,
and scores on most, not all, of the endorsed applications. Nobody has been offered a place:
deciding is left to whoever tries the board. The demo applicant has a half-finished ALICSE
draft to pick up and nothing on CSSSL, so they can start an application there from the
beginning. The tables are in ``applications/demo/data.py``.

Each application is made the way its applicant and endorser would have made it, through the
same services and at the moment the demo says it happened: started and saved as a draft,
submitted before the deadline (which asks the endorser), then confirmed or declined by the
endorser; each score goes through the scoring service, which keeps members from scoring their
own authority. The outbox is muted, so none of the emails those services write is left.

Each row is keyed on its natural key (an applicant's email and the cohort; a criterion's name;
a target's group) and written only when it differs, so loading twice leaves the same rows and
no extra history. Reloading puts the demo back as it was: no service takes a step back (none
un-submits an application or un-answers an endorser), so a reload writes the stored rows back
to the values the services first gave them, and clears decisions and offers on the sample
applications, scores the demo members gave beyond the ones below, and the demo applicant's
CSSSL application. An application whose offer has been accepted is left alone, because its
applicant is a participant by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import TextIOBase

from applications import services
from applications.demo import data
from applications.demo.data import SampleApplication, State
from applications.models import (
    AllocationSettings,
    Allocator,
    BalanceTarget,
    Criterion,
    Decision,
    Endorsement,
    ExpressionOfInterest,
    Offer,
    Score,
)
from applications.services import allocation
from cohorts.demo.load import current_cohort
from cohorts.models import Cohort, LocalAuthority, Organisation
from csssl import roles
from csssl.demo import (
    DEMO_PASSWORD,
    DemoAccount,
    at,
    email_for,
    load_account,
    outbox_muted,
    update,
    upsert,
)
from csssl.models import User
from csssl.uktime import long_date

# --------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """When each step of one sample application happened, placed before ``today`` and inside
    the cohort's application window."""

    started: datetime
    submitted: datetime | None
    answered: datetime | None

    @classmethod
    def of(cls, sample: SampleApplication, *, cohort: Cohort, today: date) -> Story:
        submitted = None
        if sample.submitted is not None:
            days, hour, minute = sample.submitted
            submitted = at(today - timedelta(days=days), hour, minute)
        last_saved = submitted or at(today - timedelta(days=5), 20, 10)
        started = max(last_saved - timedelta(days=3), cohort.applications_open + timedelta(hours=1))
        answered = None
        if submitted is not None and sample.endorsement != State.PENDING:
            answered = submitted + timedelta(days=sample.answered, hours=-2)
        return cls(started=started, submitted=submitted, answered=answered)


def answers(sample: SampleApplication, *, organisation: Organisation) -> dict:
    """What the applicant typed into the form, as ``sample`` tells it."""
    endorser_name, endorser_job_title = sample.endorser or ("", "")
    payer = (
        data.INVOICE_CONTACTS.get(organisation.name) if organisation.is_external_partner else None
    )
    payer_name, payer_email, payer_address = payer or ("", "", "")
    return {
        "first_name": sample.first_name,
        "last_name": sample.last_name,
        "phone": sample.phone,
        "job_title": sample.job_title,
        "employer": organisation.name,
        "organisation_type": organisation.type,
        "local_authority": organisation.local_authority,
        "sector": sample.sector,
        "service_area": sample.service_area,
        "service_led": sample.service_led,
        "team_size": sample.team_size,
        "reports_to": sample.reports_to,
        "endorser_name": endorser_name,
        "endorser_job_title": endorser_job_title,
        "endorser_email": email_for(endorser_name.removeprefix("Dr ")) if endorser_name else "",
        "why_now": sample.why_now,
        "contribution": sample.contribution,
        "development": sample.development,
        "access_requirements": sample.access_requirements,
        "can_attend_all_dates": not sample.is_draft,
        "agrees_full_engagement": not sample.is_draft,
        "data_protection_consent": not sample.is_draft,
        "invoice_contact_name": payer_name,
        "invoice_contact_email": payer_email,
        "invoice_address": payer_address,
        "purchase_order_number": sample.purchase_order_number if payer else "",
    }


def application_values(
    sample: SampleApplication, *, organisation: Organisation, story: Story
) -> dict:
    """Every field of the expression of interest as the services leave it at the end of the
    sample's story."""
    return {
        **answers(sample, organisation=organisation),
        "status": (
            ExpressionOfInterest.Status.DRAFT
            if sample.is_draft
            else ExpressionOfInterest.Status.SUBMITTED
        ),
        "created_at": story.started,
        "submitted_at": story.submitted,
        "withdrawn_at": None,
        "withdrawal_reason": "",
    }


def endorsement_values(
    sample: SampleApplication, application: ExpressionOfInterest, story: Story
) -> dict:
    """The endorser's answer, or the open request, as the services leave it."""
    return {
        "endorser_name": application.endorser_name,
        "endorser_job_title": application.endorser_job_title,
        "endorser_email": application.endorser_email,
        "state": sample.endorsement,
        "requested_at": story.submitted,
        "responded_at": story.answered,
        "basis": sample.basis if sample.endorsement == State.CONFIRMED else "",
        "comments": sample.endorser_comments if sample.endorsement == State.CONFIRMED else "",
        "decline_reason": sample.decline_reason if sample.endorsement == State.DECLINED else "",
    }


def make_application(
    sample: SampleApplication,
    *,
    user: User,
    cohort: Cohort,
    organisation: Organisation,
    story: Story,
) -> ExpressionOfInterest:
    """The application as its applicant and endorser made it, step by step, through the
    services, each at its moment in the story."""
    application = services.application_start(cohort=cohort, applicant=user, now=story.started)
    application = services.application_save_draft(
        application=application, data=answers(sample, organisation=organisation)
    )
    if story.submitted is None:
        return application
    application = services.application_submit(application=application, now=story.submitted)
    endorsement = application.endorsements.get()
    if sample.endorsement == State.CONFIRMED:
        services.endorsement_confirm(
            endorsement=endorsement,
            basis=sample.basis,
            comments=sample.endorser_comments,
            now=story.answered,
        )
    elif sample.endorsement == State.DECLINED:
        services.endorsement_decline(
            endorsement=endorsement, reason=sample.decline_reason, now=story.answered
        )
    return application


def put_back_endorsement(
    sample: SampleApplication, application: ExpressionOfInterest, story: Story
) -> None:
    """Leave the application exactly one endorsement as the services first made it, or none
    for a draft. The first request is the demo's own; any made since the demo was loaded (a
    new endorser, a draft submitted) are removed before it is put back."""
    endorsements = list(application.endorsements.order_by("requested_at", "pk"))
    kept = endorsements[0] if endorsements and not sample.is_draft else None
    for endorsement in endorsements:
        if endorsement is not kept:
            endorsement.delete()
    if sample.is_draft:
        return
    values = endorsement_values(sample, application, story)
    if kept is None:
        upsert(Endorsement, lookup={"application": application}, values=values)
    else:
        update(kept, values)


def has_accepted_offer(user: User, cohort: Cohort) -> bool:
    """Whether ``user`` accepted a place on ``cohort``, and so is a participant of it."""
    return Offer.objects.filter(
        application__applicant=user, application__cohort=cohort, state=Offer.State.ACCEPTED
    ).exists()


def load_application(
    sample: SampleApplication,
    *,
    user: User,
    cohort: Cohort,
    organisation: Organisation,
    today: date,
) -> ExpressionOfInterest:
    """The sample's expression of interest and endorsement, with no decision or offer: made
    through the services the first time, put back to those values on a reload."""
    if has_accepted_offer(user, cohort):
        return ExpressionOfInterest.objects.get(applicant=user, cohort=cohort)
    story = Story.of(sample, cohort=cohort, today=today)
    application = ExpressionOfInterest.objects.filter(applicant=user, cohort=cohort).first()
    if application is None:
        return make_application(
            sample, user=user, cohort=cohort, organisation=organisation, story=story
        )
    update(application, application_values(sample, organisation=organisation, story=story))
    Decision.objects.filter(application=application).delete()
    Offer.objects.filter(application=application).delete()
    put_back_endorsement(sample, application, story)
    return application


def applicant_account(sample: SampleApplication, role: str) -> User:
    """The sample applicant's login: verified email address and the demo password."""
    return load_account(DemoAccount(sample.email, sample.first_name, sample.last_name, role))


def clear_demo_applicant(user: User, cohort: Cohort) -> None:
    """Remove what the demo applicant started on ``cohort``, so they can start afresh."""
    if not has_accepted_offer(user, cohort):
        ExpressionOfInterest.objects.filter(applicant=user, cohort=cohort).delete()


# --------------------------------------------------------------------------------------------
# Allocation
# --------------------------------------------------------------------------------------------


def load_members(authorities: dict[str, LocalAuthority]) -> dict[str, User]:
    """The DCS group members who score, each linked to the authority they lead."""
    members = {data.DEMO_DCS_MEMBER: User.objects.get(email=data.DEMO_DCS_MEMBER)}
    leads = {data.DEMO_DCS_MEMBER: authorities[data.DEMO_MEMBER_AUTHORITY]}
    for member in data.OTHER_MEMBERS:
        account = DemoAccount(
            member.email,
            member.first_name,
            member.last_name,
            f"{member.job_title}, {member.authority}",
            group=roles.DCS_GROUP,
            is_staff=True,
        )
        members[member.email] = load_account(account)
        leads[member.email] = authorities[member.authority]
    for email, user in members.items():
        upsert(Allocator, lookup={"user": user}, values={"local_authority": leads[email]})
    return members


def load_board(cohort: Cohort, authorities: dict[str, LocalAuthority]) -> list[Criterion]:
    """The cohort's allocation settings, criteria and balance targets."""
    upsert(
        AllocationSettings,
        lookup={"cohort": cohort},
        values={
            "scoring_closes_on": cohort.places_awarded_by
            - timedelta(days=data.SCORING_CLOSES_BEFORE_AWARD_DAYS),
            "offer_response_days": data.OFFER_RESPONSE_DAYS,
            "refill": data.REFILL,
        },
    )
    criteria = [
        upsert(
            Criterion,
            lookup={"cohort": cohort, "name": name},
            values={"guidance": guidance, "order": order},
        )
        for order, (name, guidance) in enumerate(data.CRITERIA, start=1)
    ]
    for dimension, value, minimum, maximum in data.BALANCE_TARGETS:
        if dimension == BalanceTarget.Dimension.LOCAL_AUTHORITY:
            value = authorities[value].code
        upsert(
            BalanceTarget,
            lookup={"cohort": cohort, "dimension": dimension, "value": value},
            values={"minimum": minimum, "maximum": maximum},
        )
    return criteria


def load_allocation(
    cohort: Cohort,
    applications: dict[str, ExpressionOfInterest],
    authorities: dict[str, LocalAuthority],
) -> dict[str, User]:
    """Settings, criteria, balance targets, members and their scores for ``cohort``. Each
    score is given through the scoring service, which refuses a member their own authority's
    applicants; the conflicts of interest are put on the record by the allocation service."""
    criteria = load_board(cohort, authorities)
    members = load_members(authorities)
    kept = []
    for email, given in data.SCORES.items():
        scorer = members[email]
        for mark in given:
            application = applications[mark.applicant]
            for criterion, value, comment in zip(criteria, mark.values, mark.comments, strict=True):
                score = allocation.score_record(
                    application=application,
                    scorer=scorer,
                    criterion=criterion,
                    value=value,
                    comment=comment,
                )
                kept.append(score.pk)
    Score.objects.filter(
        application__in=applications.values(), scorer__in=members.values()
    ).exclude(pk__in=kept).delete()
    for member in members.values():
        allocation.conflicts_record(member=member, cohort=cohort)
    return members


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load applications at every stage and an allocation board ready to score."""
    csssl = current_cohort("csssl", today=today)
    alicse = current_cohort("alicse", today=today)
    organisations = {o.name: o for o in Organisation.objects.select_related("local_authority")}
    authorities = {la.name: la for la in LocalAuthority.objects.all()}

    with outbox_muted():
        applications = {}
        for sample in data.CSSSL_APPLICATIONS:
            user = applicant_account(sample, f"Applicant to {csssl}")
            applications[sample.email] = load_application(
                sample,
                user=user,
                cohort=csssl,
                organisation=organisations[sample.employer],
                today=today,
            )
        eligible = {
            email: application
            for email, application in applications.items()
            if allocation.eligible_applications(csssl).filter(pk=application.pk).exists()
        }
        members = load_allocation(csssl, eligible, authorities)

        demo_applicant = User.objects.get(email=data.DEMO_APPLICANT)
        clear_demo_applicant(demo_applicant, csssl)
        load_application(
            data.ALICSE_DRAFT,
            user=demo_applicant,
            cohort=alicse,
            organisation=organisations[data.ALICSE_DRAFT.employer],
            today=today,
        )

    write_summary(stdout, csssl=csssl, alicse=alicse, members=members)


def write_summary(
    stdout: TextIOBase, *, csssl: Cohort, alicse: Cohort, members: dict[str, User]
) -> None:
    """What the demo holds for applying and allocating, and who to sign in as."""

    def say(text: str) -> None:
        stdout.write(text + "\n")

    applications = ExpressionOfInterest.objects.filter(cohort=csssl)
    submitted = applications.filter(status=ExpressionOfInterest.Status.SUBMITTED)
    endorsements = Endorsement.objects.filter(application__in=submitted)
    eligible = allocation.eligible_applications(csssl)
    unscored = eligible.filter(scores__isnull=True).count()
    external = eligible.exclude(organisation_type=Organisation.Type.LOCAL_AUTHORITY).count()
    settings = AllocationSettings.objects.get(cohort=csssl)
    offered = Offer.objects.filter(cohort=csssl, state__in=Offer.HOLDING).count()

    say(f"Applications to {csssl}: {applications.count()}")
    say(
        f"  {endorsements.filter(state=State.CONFIRMED).count()} endorsed "
        f"({external} from external partners), "
        f"{endorsements.filter(state=State.PENDING).count()} awaiting endorsement, "
        f"{endorsements.filter(state=State.DECLINED).count()} declined by the endorser, "
        f"{applications.filter(status=ExpressionOfInterest.Status.DRAFT).count()} draft"
    )
    say(
        f"Allocation board: {Criterion.objects.filter(cohort=csssl).count()} criteria, "
        f"{BalanceTarget.objects.filter(cohort=csssl).count()} balance targets, "
        f"scoring closes on {long_date(settings.scoring_closes_on)}"
    )
    say(
        f"  {Score.objects.filter(application__cohort=csssl).count()} scores given, "
        f"{unscored} endorsed applications not yet scored, "
        f"{offered or 'no'} place{'' if offered == 1 else 's'} offered"
    )
    say("  DCS group members who score:")
    width = max(len(email) for email in members)
    for email, user in members.items():
        allocator = Allocator.objects.select_related("local_authority").get(user=user)
        kept_from = eligible.filter(local_authority=allocator.local_authority).count()
        say(
            f"    {email:<{width}}  leads {allocator.local_authority}; kept from scoring "
            f"{kept_from} endorsed application{'' if kept_from == 1 else 's'} from there"
        )
    drafts = ExpressionOfInterest.objects.filter(
        applicant__email=data.DEMO_APPLICANT,
        cohort=alicse,
        status=ExpressionOfInterest.Status.DRAFT,
    ).count()
    on_csssl = ExpressionOfInterest.objects.filter(
        applicant__email=data.DEMO_APPLICANT, cohort=csssl
    ).count()
    say(
        f"{data.DEMO_APPLICANT}: {drafts} draft to finish for {alicse}; "
        f"{on_csssl or 'no'} application{'' if on_csssl == 1 else 's'} to {csssl.programme.short_name}"
    )
    say(
        f'Sample applicants and DCS group members also sign in with "{DEMO_PASSWORD}", '
        f"e.g. {data.CSSSL_APPLICATIONS[0].email}"
    )
