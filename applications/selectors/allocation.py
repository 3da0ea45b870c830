"""Read queries for the allocation board: the cohort's endorsed applications with their scores,
conflicts, decisions and offers, and the balance of the places held against the targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Window,
)

from applications.models import (
    BalanceTarget,
    ConflictOfInterest,
    Criterion,
    Decision,
    Endorsement,
    ExpressionOfInterest,
    Offer,
    PartnerGroup,
    Score,
    Sector,
    partner_group,
)
from cohorts.models import Cohort, LocalAuthority, Organisation

#: The scores a member may give against a criterion, as the score form offers them.
SCORE_VALUES = ("1", "2", "3", "4", "5")
#: Rows on one page of the board: enough to work through at a meeting, few enough to answer
#: quickly at any size of cohort.
PAGE_SIZE = 25


@dataclass(frozen=True)
class ScoreField:
    """One criterion of a row's score form, with the member's own score already chosen."""

    criterion: Criterion
    value: str  # "1" to "5", or "" when the member has not scored it
    control: str  # the select's id, "s-<application>-<criterion>"
    name: str  # the form field, "criterion-<criterion>"

    @property
    def options(self) -> list[tuple[str, bool]]:
        """(score, chosen) for each score the form offers."""
        return [(n, n == self.value) for n in SCORE_VALUES]


@dataclass
class BoardRow:
    application: ExpressionOfInterest
    my_scores: dict[int, object]  # criterion id -> Score
    conflict: bool
    offer: Offer | None  # the offer holding a place, if any
    decision: Decision | None = None
    # The row's score form, criterion by criterion, and the comment kept on the first
    # criterion's score: worked out here, so the page does not search the scores for each.
    fields: list[ScoreField] = field(default_factory=list)
    comment: str = ""
    key: str = ""  # the application's id, as the page writes it into each control's id
    # What was typed into a decision that was refused (outcome, reason, waiting_rank), so
    # the form shows it again; empty otherwise.
    kept: dict[str, str] = field(default_factory=dict)

    @property
    def mean(self) -> float | None:
        return self.application.mean_score

    @property
    def spread(self) -> float | None:
        """The standard deviation of the scores given (0 when everyone agrees)."""
        mean, square = self.application.mean_score, self.application.mean_square
        if mean is None or square is None:
            return None
        return max(float(square) - float(mean) ** 2, 0.0) ** 0.5


@dataclass
class BoardPage:
    """One page of the board: its rows, and where they sit in the whole filtered list."""

    rows: list[BoardRow]
    number: int  # from 1
    pages: int  # at least 1, even when nothing matches
    total: int  # rows in the whole filtered list, on every page
    first: int  # the position of the first row shown, from 1 (0 when none)
    last: int  # the position of the last row shown
    criteria: list[Criterion]

    @property
    def comment_field(self) -> str:
        """The score form's comment, kept with the score for the first criterion."""
        return f"comment-{self.criteria[0].pk}" if self.criteria else ""


@dataclass
class BalanceLine:
    label: str
    count: int
    minimum: int | None = None
    maximum: int | None = None

    @property
    def problem(self) -> str:
        if self.maximum is not None and self.count > self.maximum:
            return f"over the target of at most {self.maximum}"
        if self.minimum is not None and self.count < self.minimum:
            return f"under the target of at least {self.minimum}"
        return ""


@dataclass
class Balance:
    capacity: int
    held: int
    groups: dict[str, list[BalanceLine]]  # heading -> lines

    @property
    def problems(self) -> list[str]:
        return [
            f"{heading}, {line.label}: {line.count}, {line.problem}"
            for heading, lines in self.groups.items()
            for line in lines
            if line.problem
        ]

    @property
    def exceeded(self) -> list[str]:
        """Targets broken in a way no later offer can mend: an 'at most' already passed."""
        return [
            f"{heading}, {line.label}: {line.count}, {line.problem}"
            for heading, lines in self.groups.items()
            for line in lines
            if line.maximum is not None and line.count > line.maximum
        ]


BOARD_FILTERS = ("local_authority", "sector", "organisation_type", "partner", "decided", "unscored")


def mean_of_scores() -> Subquery:
    """The mean of every score given to the outer application: an aggregate over the score
    table alone, grouped by application, so no application row is joined to its scores."""
    return Subquery(
        Score.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(mean=Avg("value"))
        .values("mean")
    )


def _ranked(*, cohort: Cohort, member, filters: dict[str, str]) -> QuerySet:
    """The cohort's endorsed applications that match ``filters``, best scored first: by the
    mean of every score (unscored last), then the earlier submission, then the lower id."""
    queryset = (
        ExpressionOfInterest.objects.filter(cohort=cohort)
        .submitted_and_endorsed()
        .annotate(mean_score=mean_of_scores())
    )
    # A filter's value comes from the address, so anything else is simply no filter.
    if filters.get("local_authority", "").isdecimal():
        queryset = queryset.filter(local_authority_id=int(filters["local_authority"]))
    if filters.get("sector"):
        queryset = queryset.filter(sector=filters["sector"])
    if filters.get("organisation_type"):
        queryset = queryset.filter(organisation_type=filters["organisation_type"])
    if filters.get("partner") in PartnerGroup.values:
        queryset = queryset.in_partner_group(filters["partner"])
    outcome = filters.get("decided")
    if outcome == "none":
        queryset = queryset.filter(decision__isnull=True)
    elif outcome:
        queryset = queryset.filter(decision__outcome=outcome)
    if filters.get("unscored"):
        queryset = queryset.filter(
            ~Exists(Score.objects.filter(application=OuterRef("pk"), scorer=member))
        )
    return queryset.order_by(F("mean_score").desc(nulls_last=True), "submitted_at", "pk")


#: What a page of the board shows of each application, its decision and who decided: not the
#: answers to the form (long texts a page never shows) nor the decider's account.
SHOWN_ON_A_PAGE = (
    "first_name",
    "last_name",
    "job_title",
    "employer",
    "organisation_type",
    "sector",
    "local_authority__name",
    "decision__application_id",
    "decision__outcome",
    "decision__waiting_rank",
    "decision__reason",
    "decision__decided_at",
    "decision__version",
    "decision__decided_by__first_name",
    "decision__decided_by__last_name",
    "decision__decided_by__email",
)


def _with_details(queryset: QuerySet, member) -> QuerySet:
    """What each shown row needs from its application's own query (not the applicant's
    account: neither the board nor its export shows it)."""
    return queryset.select_related("local_authority", "decision__decided_by").annotate(
        conflicted=Exists(
            ConflictOfInterest.objects.filter(application=OuterRef("pk"), member=member)
        )
    )


def _rows(
    applications: list[ExpressionOfInterest], *, member, criteria: list[Criterion]
) -> list[BoardRow]:
    """Board rows for ``applications``, in three queries however many there are: the spread of
    their scores (grouped by application id alone), ``member``'s own scores, and the offers
    holding a place (none for no applications)."""
    if not applications:
        return []
    ids = [application.pk for application in applications]
    spread = {
        line["application_id"]: line
        for line in Score.objects.filter(application_id__in=ids)
        .order_by()
        .values("application_id")
        .annotate(
            mean=Avg("value"),
            low=Min("value"),
            high=Max("value"),
            square=Avg(F("value") * F("value")),
            scorers=Count("scorer", distinct=True),
        )
    }
    mine: dict[int, dict[int, Score]] = {}
    for score in Score.objects.filter(application_id__in=ids, scorer=member).order_by():
        mine.setdefault(score.application_id, {})[score.criterion_id] = score
    holding = {
        offer.application_id: offer
        for offer in Offer.objects.holding().filter(application_id__in=ids).order_by()
    }
    first = criteria[0].pk if criteria else None
    rows = []
    for application in applications:
        line = spread.get(application.pk, {})
        application.mean_score = line.get("mean")
        application.low_score = line.get("low")
        application.high_score = line.get("high")
        application.mean_square = line.get("square")
        application.scorers = line.get("scorers", 0)
        scores = mine.get(application.pk, {})
        rows.append(
            BoardRow(
                application=application,
                my_scores=scores,
                conflict=application.conflicted,
                offer=holding.get(application.pk),
                decision=getattr(application, "decision", None),
                fields=[
                    ScoreField(
                        criterion=criterion,
                        value=str(scores[criterion.pk].value) if criterion.pk in scores else "",
                        control=f"s-{application.pk}-{criterion.pk}",
                        name=f"criterion-{criterion.pk}",
                    )
                    for criterion in criteria
                ],
                comment=scores[first].comment if first in scores else "",
                key=str(application.pk),
            )
        )
    return rows


def allocation_board(*, cohort: Cohort, member, filters: dict[str, str]) -> list[BoardRow]:
    """Every row of the board, best scored first, with what ``member`` has scored, their
    conflicts of interest, each decision and any offer holding a place (the board's export).
    Four queries, whatever the number of applications."""
    applications = list(
        _with_details(_ranked(cohort=cohort, member=member, filters=filters), member)
    )
    return _rows(applications, member=member, criteria=[])


def board_page(
    *, cohort: Cohort, member, filters: dict[str, str], number: str | int | None
) -> BoardPage:
    """One page of the board (``PAGE_SIZE`` rows), as ``allocation_board`` orders the whole
    filtered list, each row with its score form worked out. A page number that is not a whole
    number, or below 1, gives the first page; one past the end gives the last. Six queries,
    whatever the number of applications: the criteria, the page's ids with the length of the
    whole list (ordered from the score table and the applications alone), the page's
    applications and three for its rows; two more for a page past the end."""
    # In the criteria's own order: one cohort's, so with no join to the cohort to sort by it.
    criteria = list(Criterion.objects.filter(cohort=cohort).order_by("order", "pk"))
    ranked = _ranked(cohort=cohort, member=member, filters=filters).annotate(
        total=Window(Count("pk"))
    )
    text = str(number or "")
    # Past the end, however long: beyond what the database could skip to, or Python read.
    number = (max(int(text), 1) if len(text) <= 9 else 10**9) if text.isdecimal() else 1

    def ids_on(number: int) -> list[tuple[int, int]]:
        start = (number - 1) * PAGE_SIZE
        return list(ranked.values_list("pk", "total")[start : start + PAGE_SIZE])

    shown = ids_on(number)
    total = shown[0][1] if shown else ranked.count()
    pages = max(1, -(-total // PAGE_SIZE))
    if not shown and total:
        number = pages
        shown = ids_on(number)
    number = min(number, pages)
    ids = [pk for pk, _ in shown]
    found = {
        application.pk: application
        for application in _with_details(
            ExpressionOfInterest.objects.filter(pk__in=ids), member
        ).only(*SHOWN_ON_A_PAGE)
    }
    applications = [found[pk] for pk in ids if pk in found]
    first = (number - 1) * PAGE_SIZE + 1 if ids else 0
    return BoardPage(
        rows=_rows(applications, member=member, criteria=criteria),
        number=number,
        pages=pages,
        total=total,
        first=first,
        last=first + len(ids) - 1 if ids else 0,
        criteria=criteria,
    )


def board_position(
    *, cohort: Cohort, member, filters: dict[str, str], application_id: int
) -> tuple[int | None, int]:
    """(the page of the filtered board that shows the application, or None when it is not on
    the board; how many pages the board has). One query, of the ids alone."""
    ids = list(_ranked(cohort=cohort, member=member, filters=filters).values_list("pk", flat=True))
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    if application_id in ids:
        return ids.index(application_id) // PAGE_SIZE + 1, pages
    return None, pages


@dataclass(frozen=True)
class BoardCounts:
    """The figures the board shows beside its rows."""

    awaiting: int  # submitted applications whose endorsement has not been answered yet
    unsent: dict[str, int]  # what 'send outcomes' would send now, as outcomes_unsent says
    waiting: int  # on the waiting list


def _count(queryset: QuerySet) -> Subquery:
    """How many rows ``queryset`` has, as a subquery of one row (a count without grouping)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def board_counts(cohort: Cohort) -> BoardCounts:
    """The board's figures for ``cohort``, in one query: each is a count of its own table."""
    pending = Endorsement.objects.filter(
        application=OuterRef("pk"), state=Endorsement.State.PENDING
    )
    counts = (
        Cohort.objects.filter(pk=cohort.pk)
        .order_by()
        .values(
            n_awaiting=_count(
                ExpressionOfInterest.objects.filter(cohort=OuterRef("pk"))
                .submitted()
                .filter(Exists(pending))
            ),
            n_offers=_count(Offer.objects.filter(cohort=OuterRef("pk"), state=Offer.State.PENDING)),
            n_letters=_count(Decision.objects.filter(cohort=OuterRef("pk")).letters_due()),
            n_waiting=_count(
                Decision.objects.filter(
                    cohort=OuterRef("pk"), outcome=Decision.Outcome.WAITING_LIST
                )
            ),
        )[0]
    )
    return BoardCounts(
        awaiting=counts["n_awaiting"],
        unsent={"offers": counts["n_offers"], "letters": counts["n_letters"]},
        waiting=counts["n_waiting"],
    )


def balance_of(cohort: Cohort) -> Balance:
    """The make-up of the places held (offers pending, sent or accepted), group by group,
    against the coordinator's targets."""
    held = list(
        Offer.objects.filter(cohort=cohort)
        .holding()
        .order_by()  # counted, so in no order (and with no join to the cohort to sort by it)
        .values_list(
            "application__local_authority__code",
            "application__sector",
            "application__organisation_type",
        )
    )
    targets = {
        (t.dimension, t.value): t for t in BalanceTarget.objects.filter(cohort=cohort).order_by()
    }
    codes = {code for code, _, _ in held if code} | {
        value for (dimension, value) in targets if dimension == "local_authority"
    }
    names = dict(LocalAuthority.objects.filter(code__in=codes).values_list("code", "name"))
    labels = {
        "local_authority": names,
        "sector": dict(Sector.choices),
        "organisation_type": dict(Organisation.Type.choices),
        "partner": dict(BalanceTarget.PARTNER_VALUES),
    }
    counts: dict[str, dict[str, int]] = {dimension: {} for dimension in labels}
    for la_code, sector, organisation_type in held:
        for dimension, value in (
            ("local_authority", la_code or ""),
            ("sector", sector),
            ("organisation_type", organisation_type),
            ("partner", partner_group(organisation_type)),
        ):
            counts[dimension][value] = counts[dimension].get(value, 0) + 1
    headings = {
        "local_authority": "By local authority",
        "sector": "By sector",
        "organisation_type": "By organisation type",
        "partner": "Local authority or external partner",
    }
    groups: dict[str, list[BalanceLine]] = {}
    for dimension, heading in headings.items():
        values = set(counts[dimension]) | {v for (d, v) in targets if d == dimension}
        lines = []
        for value in values:
            target = targets.get((dimension, value))
            lines.append(
                BalanceLine(
                    label=labels[dimension].get(value, value or "Not given"),
                    count=counts[dimension].get(value, 0),
                    minimum=target.minimum if target else None,
                    maximum=target.maximum if target else None,
                )
            )
        groups[heading] = sorted(lines, key=lambda line: (-line.count, line.label))
    return Balance(capacity=cohort.capacity, held=len(held), groups=groups)
