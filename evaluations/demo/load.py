"""Sample leadership qualities and evaluation rounds: run by ``manage.py load_demo``.

The frameworks are in ``evaluations/demo/data.py``. Every framework loaded here is flagged
``is_sample`` so it is marked as a sample wherever it is shown, and a reload never pushes aside
the qualities coordinators have entered.

CSSSL Cohort 1 (2021/22) gets the two rounds it would have had, both on one version of the
sample CSSSL qualities: a pre-programme round in its evaluation window, whose reports were
released as soon as they were frozen, and an end-of-programme round whose reports were released
at each participant's debrief. Every participant submitted a self evaluation in each and heard
from their raters; ``evaluations/demo/cohort_1.py`` holds what they all said. The reports are
frozen by the service that freezes every report, the morning after the round closed, and the
debriefs recorded by the service a coordinator uses. The rounds have closed, so the raters'
names and addresses are gone from their invitations, as they go from every round that no
longer needs them.

Raters' answers carry no link to the invitation they answer: each participant's responses are
written in a shuffled order, with random keys and no times, so neither the order of the rows
nor anything else in them says which rater gave which answers.

Each current cohort gets a pre-programme round, open from the day applications opened until its
published evaluation window closes, so that whoever accepts a place can start straight away.
Nobody has a place on a current cohort yet (places are still to be allocated), so these rounds
hold no answers; a reload leaves alone any that people trying the demo have given since.

Rows are keyed on their natural keys (a round's cohort and kind; a self evaluation's round and
participant) and a participant's round is written again only when anything in it differs from
the demo, so loading twice leaves the same rows, and reloading puts back anything changed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import TextIOBase

from cohorts.demo import data as cohorts_data
from cohorts.demo.load import current_cohort, historic_cohort
from cohorts.models import Cohort, Participant, Programme, Quality, QualityFramework
from csssl.demo import at, outbox_muted, upsert
from csssl.models import User
from csssl.uktime import long_date, uk_day
from evaluations import anonymity
from evaluations.demo import cohort_1, data
from evaluations.demo.cohort_1 import Feedback, SampleRound
from evaluations.demo.data import SampleFramework
from evaluations.models import (
    FrameworkVersion,
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Report,
    Round,
    SelfEvaluation,
)
from evaluations.services.frameworks import version_for
from evaluations.services.reports import debrief_record, figures_for, freeze_if_complete

State = RaterInvitation.State
Question = RaterComment.Question

#: The rules every demo round shares (the defaults a coordinator starts from).
ROUND_RULES = {
    "line_manager": True,
    "peers_min": 3,
    "peers_max": 6,
    "reports_min": 0,
    "reports_max": 6,
    "score_threshold": 3,
    "comment_threshold": 4,
}
#: The current cohorts' rounds: CSSSL releases a report once it is complete; ALICSE asks for
#: colleagues from at least two other agencies, releases after a debrief with a tutor or
#: mentor, and counts the self evaluation toward completion.
CURRENT_RULES = {
    "csssl": {
        "others_min": 0,
        "others_max": 4,
        "release": Round.Release.ON_COMPLETION,
        "counts_toward_completion": False,
    },
    "alicse": {
        "others_min": 2,
        "others_max": 6,
        "release": Round.Release.AFTER_DEBRIEF,
        "counts_toward_completion": True,
    },
}
#: The hour of the day a rater's invitation went, and the afternoon a debrief was held.
INVITED_AT_HOUR = 10
DEBRIEF_AT_HOUR = 15
#: How many times each participant saved their self evaluation before submitting it.
SELF_SAVES = 4


# --------------------------------------------------------------------------------------------
# Frameworks
# --------------------------------------------------------------------------------------------


def load_framework(sample: SampleFramework) -> QualityFramework:
    """The sample framework with exactly its qualities, in order.

    It is made the programme's current framework only while no other framework is current, so
    a reload never pushes aside the qualities coordinators have entered.
    """
    programme = Programme.objects.get(slug=sample.programme_slug)
    another_is_current = (
        QualityFramework.objects.filter(programme=programme, is_current=True)
        .exclude(name=sample.name)
        .exists()
    )
    framework = upsert(
        QualityFramework,
        lookup={"programme": programme, "name": sample.name},
        values={
            "introduction": sample.introduction,
            "is_sample": True,
            "is_current": not another_is_current,
        },
    )
    framework.qualities.exclude(name__in=[q.name for q in sample.qualities]).delete()
    for order, quality in enumerate(sample.qualities, start=1):
        upsert(
            Quality,
            lookup={"framework": framework, "name": quality.name},
            values={
                "theme": quality.theme,
                "description": quality.description,
                "indicators": "\n".join(quality.indicators),
                "descriptors": "\n".join(quality.descriptors),
                "order": order,
            },
        )
    return framework


# --------------------------------------------------------------------------------------------
# What Cohort 1 answered, planned without touching the database
# --------------------------------------------------------------------------------------------


def rater_scores(
    feedback: Feedback, relationship: str, index: int, keys: list[str]
) -> dict[str, int | None]:
    """The scores rater ``index`` of the group gave, by quality key: what the group saw, a
    point either side of it by ``cohort_1.SPREAD``, kept on the scale; None where the last
    rater of the group was not able to say."""
    group = feedback.raters[relationship]
    shift = cohort_1.SHIFT[relationship]
    scores: dict[str, int | None] = {}
    for position, (key, seen) in enumerate(zip(keys, feedback.seen, strict=True)):
        if index == group.answered - 1 and position in group.cannot_say:
            scores[key] = None
            continue
        offset = cohort_1.SPREAD[(4 * index + position + shift) % len(cohort_1.SPREAD)]
        scores[key] = min(4, max(1, seen + offset))
    return scores


def planned_answers(feedback: Feedback, keys: list[str]) -> list[anonymity.Answers]:
    """Every answering rater's scores and comments, group by group, in the anonymity module's
    terms (so the tests can work out the report they make without a database)."""
    answers = []
    for relationship, group in feedback.raters.items():
        for index in range(group.answered):
            said = group.said[index] if index < len(group.said) else cohort_1.Said()
            comments = tuple(
                (question, text)
                for question, text in (
                    (Question.STRENGTHS, said.strengths),
                    (Question.DEVELOP, said.develop),
                )
                if text
            )
            answers.append(
                anonymity.Answers(
                    relationship=relationship,
                    scores=rater_scores(feedback, relationship, index, keys),
                    comments=comments,
                )
            )
    return answers


def planned_self_scores(feedback: Feedback, keys: list[str]) -> dict[str, int | None]:
    return dict(zip(keys, feedback.self_scores, strict=True))


def planned_invitations(feedback: Feedback, *, added_by: User) -> list[tuple]:
    """``(relationship, state, invited_at, added_by id)`` for every rater asked, all on the
    day the participant asked them, a couple of minutes apart."""
    states = []
    for relationship, group in feedback.raters.items():
        states += [(relationship, State.SUBMITTED)] * group.answered
        states += [(relationship, State.DECLINED)] * group.declined
        states += [(relationship, State.INVITED)] * group.silent
    first = at(feedback.invited_on, INVITED_AT_HOUR)
    return [
        (relationship, state, first + timedelta(minutes=2 * number), added_by.pk)
        for number, (relationship, state) in enumerate(states)
    ]


# --------------------------------------------------------------------------------------------
# Cohort 1's rounds in the database
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One participant's round as the demo has it."""

    self_scores: dict[str, int | None]
    evidence: dict[str, str]
    submitted_at: datetime
    invitations: list[tuple]
    answers: list[anonymity.Answers]
    frozen_at: datetime
    released_at: datetime
    debrief_on: date | None
    debrief_by: User | None


def plan_for(
    feedback: Feedback,
    sample: SampleRound,
    *,
    keys: list[str],
    participant: Participant,
    debriefer: User,
) -> Plan:
    debriefed = sample.release == Round.Release.AFTER_DEBRIEF
    return Plan(
        self_scores=planned_self_scores(feedback, keys),
        evidence={keys[index]: text for index, text in feedback.evidence.items()},
        submitted_at=feedback.submitted_at,
        invitations=planned_invitations(feedback, added_by=participant.user),
        answers=planned_answers(feedback, keys),
        frozen_at=sample.frozen_at,
        released_at=at(feedback.debrief_on, DEBRIEF_AT_HOUR) if debriefed else sample.frozen_at,
        debrief_on=feedback.debrief_on if debriefed else None,
        debrief_by=debriefer if debriefed else None,
    )


def _answer_key(relationship: str, scores: dict, comments) -> tuple:
    return (relationship, sorted(scores.items()), sorted(comments))


def is_as_planned(round: Round, participant: Participant, plan: Plan) -> bool:
    """Whether the participant's round holds exactly what the demo plans, report included."""
    own = SelfEvaluation.objects.filter(round=round, participant=participant).first()
    if own is None or (
        own.scores,
        own.evidence,
        own.revision,
        own.submitted_at,
        own.updated_at,
    ) != (plan.self_scores, plan.evidence, SELF_SAVES, plan.submitted_at, plan.submitted_at):
        return False
    stored = sorted(
        (
            (i.relationship, i.state, i.invited_at, i.added_by_id, i.name, i.email, i.draft)
            for i in RaterInvitation.objects.filter(round=round, participant=participant)
        ),
        key=repr,
    )
    if stored != sorted(((*i, "", "", {}) for i in plan.invitations), key=repr):
        return False
    responses = RaterResponse.objects.filter(round=round, participant=participant).prefetch_related(
        "comments"
    )
    if any(c.is_withheld for response in responses for c in response.comments.all()):
        return False
    stored_answers = sorted(
        (
            _answer_key(r.relationship, r.scores, [(c.question, c.text) for c in r.comments.all()])
            for r in responses
        ),
        key=repr,
    )
    wanted = sorted(
        (_answer_key(a.relationship, dict(a.scores), a.comments) for a in plan.answers), key=repr
    )
    if stored_answers != wanted:
        return False
    report = Report.objects.filter(round=round, participant=participant).first()
    return report is not None and (
        report.figures,
        report.frozen_at,
        report.released_at,
        report.debrief_on,
        report.debrief_by_id,
    ) == (
        figures_for(round=round, participant=participant),
        plan.frozen_at,
        plan.released_at,
        plan.debrief_on,
        plan.debrief_by.pk if plan.debrief_by else None,
    )


def clear(round: Round, participant: Participant) -> None:
    """Take out everything the participant's round holds, report first."""
    Report.objects.filter(round=round, participant=participant).delete()
    RaterResponse.objects.filter(round=round, participant=participant).delete()
    RaterInvitation.objects.filter(round=round, participant=participant).delete()
    SelfEvaluation.objects.filter(round=round, participant=participant).delete()


def write(round: Round, participant: Participant, plan: Plan) -> Report:
    """Write the participant's round as planned: the self evaluation, the invitations (their
    raters' names and addresses already removed), the answers in a shuffled order, then the
    report, frozen and released by the services that freeze and release every report."""
    own = SelfEvaluation.objects.create(
        round=round,
        participant=participant,
        scores=plan.self_scores,
        evidence=plan.evidence,
        revision=SELF_SAVES,
        submitted_at=plan.submitted_at,
    )
    SelfEvaluation.objects.filter(pk=own.pk).update(updated_at=plan.submitted_at)
    RaterInvitation.objects.bulk_create(
        RaterInvitation(
            round=round,
            participant=participant,
            relationship=relationship,
            state=state,
            invited_at=invited_at,
            added_by_id=added_by,
        )
        for relationship, state, invited_at, added_by in plan.invitations
    )
    answers = list(plan.answers)
    random.SystemRandom().shuffle(answers)
    for given in answers:
        response = RaterResponse.objects.create(
            round=round,
            participant=participant,
            relationship=given.relationship,
            scores=dict(given.scores),
        )
        for question, text in given.comments:
            RaterComment.objects.create(response=response, question=question, text=text)
    report = freeze_if_complete(round=round, participant=participant, now=plan.frozen_at)
    Report.objects.filter(pk=report.pk).update(frozen_at=plan.frozen_at)
    if plan.debrief_on:
        report = debrief_record(
            report=report, held_on=plan.debrief_on, by=plan.debrief_by, now=plan.released_at
        )
    return report


def load_cohort_1_round(
    cohort: Cohort, sample: SampleRound, version: FrameworkVersion, *, debriefer: User
) -> Round:
    """One of Cohort 1's rounds, every participant's part in it as the demo has it."""
    round = upsert(
        Round,
        lookup={"cohort": cohort, "kind": sample.kind},
        values={
            "version": version,
            "opens_on": sample.opens_on,
            "closes_on": sample.closes_on,
            **ROUND_RULES,
            "others_min": 0,
            "others_max": 4,
            "release": sample.release,
            "counts_toward_completion": False,
            "identities_removed_at": sample.frozen_at,
        },
    )
    keys = [
        str(pk) for pk in version.qualities.order_by("order", "pk").values_list("pk", flat=True)
    ]
    participants = {
        p.user.email: p
        for p in cohort.participants.select_related("user").filter(
            user__email__in=cohort_1.FEEDBACK
        )
    }
    for email, rounds in cohort_1.FEEDBACK.items():
        participant = participants[email]
        plan = plan_for(
            rounds[sample.kind], sample, keys=keys, participant=participant, debriefer=debriefer
        )
        if not is_as_planned(round, participant, plan):
            clear(round, participant)
            write(round, participant, plan)
    return round


# --------------------------------------------------------------------------------------------
# The current cohorts' rounds
# --------------------------------------------------------------------------------------------


def has_answers(round: Round) -> bool:
    return (
        SelfEvaluation.objects.filter(round=round).exists()
        or RaterInvitation.objects.filter(round=round).exists()
    )


def load_current_round(cohort: Cohort, sample: QualityFramework) -> Round:
    """The cohort's pre-programme round on the programme's current framework, open from the day
    applications opened until the cohort's evaluation window closes. A round someone has
    already answered in keeps its version, so their answers keep their qualities."""
    framework = (
        QualityFramework.objects.filter(programme_id=cohort.programme_id, is_current=True).first()
        or sample
    )
    stored = Round.objects.filter(cohort=cohort, kind=Round.Kind.PRE).first()
    version = stored.version if stored and has_answers(stored) else version_for(framework)
    return upsert(
        Round,
        lookup={"cohort": cohort, "kind": Round.Kind.PRE},
        values={
            "version": version,
            "opens_on": uk_day(cohort.applications_open),
            "closes_on": cohort.evaluation_closes,
            **ROUND_RULES,
            **CURRENT_RULES[cohort.programme.slug],
            "identities_removed_at": None,
        },
    )


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load a sample quality framework for each programme, CSSSL Cohort 1's two completed
    rounds and an open pre-programme round for each current cohort."""
    frameworks = {
        sample.programme_slug: load_framework(sample) for sample in data.SAMPLE_FRAMEWORKS
    }
    with outbox_muted():
        cohort = historic_cohort("csssl", cohorts_data.CSSSL_COHORT_1)
        version = version_for(frameworks["csssl"])
        debriefer = User.objects.get(email=cohort_1.DEBRIEFED_BY)
        history = [
            load_cohort_1_round(cohort, sample, version, debriefer=debriefer)
            for sample in cohort_1.ROUNDS
        ]
        current = [
            load_current_round(current_cohort(slug, today=today), frameworks[slug])
            for slug in ("csssl", "alicse")
        ]
    write_summary(stdout, frameworks=frameworks, rounds=history + current)


def write_summary(
    stdout: TextIOBase, *, frameworks: dict[str, QualityFramework], rounds: list[Round]
) -> None:
    def say(text: str) -> None:
        stdout.write(text + "\n")

    for framework in frameworks.values():
        use = "current" if framework.is_current else "kept aside: another framework is current"
        say(f"Quality framework: {framework.name}, {framework.qualities.count()} qualities ({use})")
    say("Evaluation rounds:")
    for round in rounds:
        submitted = SelfEvaluation.objects.filter(round=round, submitted_at__isnull=False).count()
        answers = RaterResponse.objects.filter(round=round).count()
        released = Report.objects.filter(round=round, released_at__isnull=False).count()
        say(
            f"  {round}: {long_date(round.opens_on)} to {long_date(round.closes_on)}, "
            f"{submitted} self evaluations, {answers} raters' answers, {released} reports released"
        )
    own = Report.objects.filter(
        participant__user__email=cohorts_data.DEMO_PARTICIPANT["email"], released_at__isnull=False
    )
    say(
        f"{cohorts_data.DEMO_PARTICIPANT['email']}: {own.count()} released reports, "
        "read from /me/evaluations/"
    )
