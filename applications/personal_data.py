"""What the applications app holds about a person, for their copy of their record
(``csssl.personal_data``): their expressions of interest and what changed in them, the
endorsements they hold, the decisions and scores on them, their offers and invoices.

Other people appear only as the application holds them: the endorser the applicant named, with
the endorser's answer, is part of the application. Who scored it or decided on it (members of
the DCS group) does not appear. Five queries, whatever the number of applications.
"""

from __future__ import annotations

from django.db.models import Prefetch

from csssl.personal_data import Section, fields_of, history_items, register

from .models import Endorsement, ExpressionOfInterest, Offer, Score


def _applications(user) -> list[ExpressionOfInterest]:
    return list(
        ExpressionOfInterest.objects.filter(applicant=user)
        .select_related("cohort__programme", "local_authority", "decision", "equality_monitoring")
        .prefetch_related(
            Prefetch("endorsements", queryset=Endorsement.objects.order_by("requested_at")),
            Prefetch(
                "offers", queryset=Offer.objects.select_related("invoice").order_by("created_at")
            ),
            Prefetch("scores", queryset=Score.objects.select_related("criterion")),
        )
        .order_by("created_at", "pk")
    )


def _related(obj, name: str):
    try:
        return getattr(obj, name)
    except obj._meta.get_field(name).related_model.DoesNotExist:
        return None


@register("applications", order=20)
def application_sections(*, user) -> list[Section]:
    applications = _applications(user)
    history = list(
        ExpressionOfInterest.history.filter(id__in=[a.pk for a in applications]).order_by(
            "history_date"
        )
    )
    by_application: dict[int, list] = {}
    for record in history:
        by_application.setdefault(record.id, []).append(record)

    def title(application: ExpressionOfInterest) -> str:
        return str(application.cohort)

    application_items = []
    for application in applications:
        equality = _related(application, "equality_monitoring")
        application_items.append(
            {
                "Cohort": title(application),
                **fields_of(application, leave_out={"applicant", "cohort"}),
                "Equality monitoring": (
                    fields_of(equality, leave_out={"application"}) if equality else None
                ),
                "What changed, and when": history_items(
                    by_application.get(application.pk, []), user=user
                ),
            }
        )
    endorsements = [
        {"Application": title(a), **fields_of(e, leave_out={"application"})}
        for a in applications
        for e in a.endorsements.all()
    ]
    decisions = []
    for application in applications:
        decision = _related(application, "decision")
        scores = [
            {"Criterion": s.criterion.name, "Score": s.value, "Comment": s.comment}
            for s in application.scores.all()
        ]
        if decision is None and not scores:
            continue
        decisions.append(
            {
                "Application": title(application),
                "Decision": (
                    fields_of(decision, leave_out={"application", "cohort", "decided_by"})
                    if decision
                    else None
                ),
                "Scores": scores,
            }
        )
    offers = []
    for application in applications:
        for offer in application.offers.all():
            invoice = _related(offer, "invoice")
            offers.append(
                {
                    "Application": title(application),
                    **fields_of(offer, leave_out={"application", "cohort"}),
                    "Invoice": fields_of(invoice, leave_out={"offer"}) if invoice else None,
                }
            )
    return [
        Section(
            title="Your applications",
            intro=(
                "Each expression of interest as you wrote it, your equality monitoring answers, "
                "and every change to it: when, and whether you or the programme team made it."
            ),
            items=application_items,
        ),
        Section(
            title="Endorsements",
            intro=(
                "The endorsements your applications hold: the endorser you named and their "
                "answer, which are part of the application."
            ),
            items=endorsements,
        ),
        Section(
            title="Decisions and scores",
            intro=(
                "The decision on each application, with its reason, and the scores it was "
                "given against the cohort's criteria. Who scored or decided is not shown."
            ),
            items=decisions,
        ),
        Section(
            title="Offers and invoices",
            intro="Places offered to you, your answers, and any invoice for the fee.",
            items=offers,
        ),
    ]
