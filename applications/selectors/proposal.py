"""The balanced-cohort assistant's proposal for a cohort (``applications.assistant``), read from
the database in a fixed number of queries.

Kept apart from the other selectors, so that only a page asking for a proposal loads the solver.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from applications.assistant import Candidate, Proposal, Target, propose
from applications.models import (
    BalanceTarget,
    Decision,
    ExpressionOfInterest,
    Offer,
    PartnerGroup,
    Sector,
    partner_group,
)
from applications.selectors.allocation import mean_of_scores
from cohorts.models import Cohort, LocalAuthority, Organisation


def _bounds(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        if minimum == maximum:
            return f"exactly {minimum}"
        return f"between {minimum} and {maximum}"
    if minimum is not None:
        return f"at least {minimum}"
    return f"at most {maximum}"


def _lower_first(text: str) -> str:
    """'Health' -> 'health', but 'SEND and inclusion' keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


#: What the board lists of each application a proposal names, read with the candidates.
SHOWN = ("first_name", "last_name", "job_title", "employer", "decision__version")


@dataclass(frozen=True)
class Proposed:
    """An application named in a proposal, as the allocation board lists it."""

    id: int
    full_name: str
    job_title: str
    employer: str
    mean_score: Decimal | None
    version: int  # of its decision, which confirming the proposal sends back; 0 for none


def cohort_proposal(cohort: Cohort) -> Proposal:
    """The assistant's proposal for a cohort, read in a fixed number of queries (two, three
    when a target names a local authority)."""
    return _proposal(cohort, shown=False)[0]


def board_proposal(cohort: Cohort) -> tuple[Proposal, dict[int, Proposed]]:
    """The proposal, and by id each application it names as the board lists it: read with the
    candidates themselves, so in the same number of queries as ``cohort_proposal``."""
    return _proposal(cohort, shown=True)


def _proposal(cohort: Cohort, *, shown: bool) -> tuple[Proposal, dict[int, Proposed]]:
    """The assistant's proposal for a cohort, read in a fixed number of queries.

    Candidates are the cohort's submitted and endorsed applications
    (``ExpressionOfInterest.objects.submitted_and_endorsed``), less those the DCS group decided
    not to offer and those already holding a place. Those holding a place (an offer pending,
    sent or accepted) are fixed. An application's score is the mean of every score given to it.
    """
    applications = (
        ExpressionOfInterest.objects.filter(cohort=cohort)
        .annotate(
            mean_score=mean_of_scores(),
            holds_place=Exists(Offer.objects.holding().filter(application=OuterRef("pk"))),
            endorsed=Exists(
                ExpressionOfInterest.objects.submitted_and_endorsed().filter(pk=OuterRef("pk"))
            ),
            not_offered=Exists(
                Decision.objects.filter(
                    application=OuterRef("pk"), outcome=Decision.Outcome.NOT_OFFERED
                )
            ),
        )
        .filter(Q(status=ExpressionOfInterest.Status.SUBMITTED) | Q(holds_place=True))
        .order_by("submitted_at", "pk")
        # Only what the assistant reads: a thousand applications are a thousand small tuples.
        .values_list(
            "pk",
            "mean_score",
            "holds_place",
            "endorsed",
            "not_offered",
            "local_authority__code",
            "sector",
            "organisation_type",
            *(SHOWN if shown else ()),
        )
    )

    # Each application as the assistant reads it (id, score, order, then its groups), kept as
    # plain tuples: they are the key of a proposal already solved, and become candidates only
    # when it has not been.
    candidates: list[tuple] = []
    fixed: list[tuple] = []
    named: dict[int, Proposed] = {}
    for order, row in enumerate(applications):
        pk, mean, holds_place, endorsed, not_offered, la_code, sector, organisation_type = row[:8]
        candidate = (
            pk,
            float(mean) if mean is not None else None,
            order,
            la_code or "",
            sector,
            organisation_type,
            partner_group(organisation_type),
        )
        if holds_place:
            fixed.append(candidate)
            continue
        if endorsed and not not_offered:
            candidates.append(candidate)
            if shown:
                first, last, job_title, employer, version = row[8:]
                named[pk] = Proposed(
                    id=pk,
                    full_name=f"{first} {last}".strip(),
                    job_title=job_title,
                    employer=employer,
                    mean_score=mean,
                    version=version or 0,
                )

    rows = list(BalanceTarget.objects.filter(cohort=cohort).order_by("dimension", "value", "pk"))
    codes = [r.value for r in rows if r.dimension == BalanceTarget.Dimension.LOCAL_AUTHORITY]
    authority_names = (
        dict(LocalAuthority.objects.filter(code__in=codes).values_list("code", "name"))
        if codes
        else {}
    )
    partner_names = dict(BalanceTarget.PARTNER_VALUES)

    def describe(row: BalanceTarget) -> tuple[str, str]:
        """(noun for the label, phrase after 'applications are')."""
        Dimension = BalanceTarget.Dimension
        if row.dimension == Dimension.PARTNER:
            if row.value == PartnerGroup.EXTERNAL:
                return "external partners", "from external partners"
            if row.value == PartnerGroup.LOCAL_AUTHORITY:
                return "from local authorities", "from local authorities"
            name = partner_names.get(row.value, row.value)
            return f"from {name}", f"from {name}"
        if row.dimension == Dimension.LOCAL_AUTHORITY:
            name = authority_names.get(row.value, row.value or "no local authority")
            return f"from {name}", f"from {name}"
        if row.dimension == Dimension.SECTOR:
            label = dict(Sector.choices).get(row.value, row.value)
            return f"in {_lower_first(label)}", f"in {_lower_first(label)}"
        if row.dimension == Dimension.ORGANISATION_TYPE:
            label = dict(Organisation.Type.choices).get(row.value, row.value)
            phrase = f"from {_lower_first(label)} organisations"
            return phrase, phrase
        return str(row), f"in the group {row.value}"

    targets = []
    for row in rows:
        noun, group = describe(row)
        targets.append(
            Target(
                dimension=row.dimension,
                value=row.value,
                minimum=row.minimum,
                maximum=row.maximum,
                label=f"{_bounds(row.minimum, row.maximum)} {noun}",
                group=group,
            )
        )

    return _solved(candidates, fixed, cohort.capacity, targets), named


#: The last few proposals solved (the oldest forgotten first), by everything the assistant was
#: given: the same input always gives the same proposal (``applications.assistant``), so a board
#: reopened while nothing has been scored, decided or set since is not solved again; any change
#: is a new input.
_SOLVED: OrderedDict[tuple, Proposal] = OrderedDict()
_SOLVED_KEPT = 8
_SOLVED_LOCK = threading.Lock()


def _solved(
    candidates: list[tuple], fixed: list[tuple], capacity: int, targets: list[Target]
) -> Proposal:
    key = (tuple(candidates), tuple(fixed), capacity, tuple(targets))
    with _SOLVED_LOCK:
        found = _SOLVED.get(key)  # a thousand candidates: hashed once, not once a look
    if found is not None:
        return found

    def made(group: list[tuple]) -> list[Candidate]:
        return [
            Candidate(
                id=pk,
                score=score,
                submitted_order=order,
                groups={
                    "local_authority": la_code,
                    "sector": sector,
                    "organisation_type": organisation_type,
                    "partner": partner,
                },
            )
            for pk, score, order, la_code, sector, organisation_type, partner in group
        ]

    proposal = propose(
        candidates=made(candidates), fixed=made(fixed), capacity=capacity, targets=targets
    )
    with _SOLVED_LOCK:
        _SOLVED[key] = proposal
        while len(_SOLVED) > _SOLVED_KEPT:
            _SOLVED.popitem(last=False)
    return proposal
