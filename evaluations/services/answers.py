"""Answers: the participant's self evaluation and the raters' answers, saved as people go and
submitted once.

Scores are ``{"<version quality id>": score or None}`` against the round's framework version
(None: not able to say; a quality missing is not answered yet). A submission needs every quality
answered, with a score or "not able to say". After each submission, and after a rater declines,
the participant's report is frozen if the round is now complete for them
(:func:`evaluations.services.reports.freeze_if_complete`); from then on nothing is taken.

A rater's submitted answers leave their invitation: they go into a new ``RaterResponse`` (and
``RaterComment`` rows) that names the participant, the round and the relationship and nothing
else, the invitation's draft is emptied and its link used up. So nothing held ties an answer
to the person who gave it. Every service locks the participant's row first, as the freeze
does, so an answer and the freeze never cross.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.limits import REASON_LENGTH, length_of, max_length, too_long
from csssl.links import nonce_rotate
from csssl.uktime import long_date, uk_today
from evaluations import rules
from evaluations.errors import EvaluationError, RaterLinkError
from evaluations.models import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Round,
    SelfEvaluation,
    VersionQuality,
)
from evaluations.services import reports
from evaluations.services.raters import report_frozen

State = RaterInvitation.State

#: The most characters of evidence a participant gives for one quality.
EVIDENCE_LENGTH = REASON_LENGTH
#: The questions a rater may answer in words, in the order the form asks them.
COMMENT_QUESTIONS: tuple[str, ...] = tuple(str(question) for question in RaterComment.Question)

STALE = (
    "This was changed in another window after you opened this page, so it was not saved. "
    "What you typed is still below: check it and save again."
)


def score_field(key: str) -> str:
    """The form field (and error key) of a quality's score."""
    return f"score_{key}"


def evidence_field(key: str) -> str:
    """The form field (and error key) of a quality's evidence."""
    return f"evidence_{key}"


# --- Checking what was given --------------------------------------------------------------------


def round_qualities(round: Round) -> list[VersionQuality]:
    """The qualities the round rates, in the framework's order. One query."""
    return list(VersionQuality.objects.filter(version_id=round.version_id).order_by("order", "pk"))


def clean_scores(
    *, round: Round, qualities: list[VersionQuality], scores: Mapping
) -> dict[str, int | None]:
    """Scores keyed by the round's qualities only, each a point of the scale or None."""
    names = {str(quality.pk): quality.name for quality in qualities}
    points = {score for score, _, _ in round.version.points}
    cleaned: dict[str, int | None] = {}
    for key, value in scores.items():
        key = str(key)
        if key not in names:
            raise EvaluationError(
                "An answer was for a quality this round does not ask about. "
                "Reload the page and answer again."
            )
        if value is None:
            cleaned[key] = None
        elif isinstance(value, int) and not isinstance(value, bool) and value in points:
            cleaned[key] = value
        else:
            message = f"Choose a point of the scale for “{names[key]}”, or Not able to say."
            raise EvaluationError(message, errors={score_field(key): message})
    return cleaned


def missing_answers(qualities: list[VersionQuality], scores: Mapping) -> dict[str, str]:
    """Field name to message for each quality with neither a score nor "not able to say"."""
    return {
        score_field(str(quality.pk)): (f"Choose a rating for “{quality.name}”, or Not able to say.")
        for quality in qualities
        if str(quality.pk) not in scores
    }


def _require_all(qualities: list[VersionQuality], scores: Mapping) -> None:
    missing = missing_answers(qualities, scores)
    if missing:
        count = len(missing)
        raise EvaluationError(
            f"{count} {'quality still needs' if count == 1 else 'qualities still need'} an "
            "answer: a rating, or Not able to say.",
            errors=missing,
        )


def _text_problems(texts: Mapping[str, str], *, limit: int, field) -> dict[str, str]:
    problems = {}
    for key, text in texts.items():
        length = length_of(text)
        if length > limit:
            problems[field(key)] = too_long(limit=limit, length=length)
    return problems


def clean_evidence(*, qualities: list[VersionQuality], evidence: Mapping) -> dict[str, str]:
    """Evidence keyed by the round's qualities only, blank ones left out, each within
    :data:`EVIDENCE_LENGTH`."""
    keys = {str(quality.pk) for quality in qualities}
    cleaned: dict[str, str] = {}
    for key, text in evidence.items():
        key = str(key)
        if key not in keys or not isinstance(text, str):
            raise EvaluationError(
                "Evidence was given for a quality this round does not ask about. "
                "Reload the page and try again."
            )
        if text.strip():
            cleaned[key] = text.strip()
    problems = _text_problems(cleaned, limit=EVIDENCE_LENGTH, field=evidence_field)
    if problems:
        raise EvaluationError(
            "Some evidence is too long: shorten it and try again.", errors=problems
        )
    return cleaned


def clean_comments(comments: Mapping) -> dict[str, str]:
    """The rater's words for each question, stripped, each within a comment's limit."""
    cleaned: dict[str, str] = {}
    for question, text in comments.items():
        if question not in COMMENT_QUESTIONS or not isinstance(text, str):
            raise EvaluationError("A comment was for a question this form does not ask.")
        cleaned[question] = text.strip()
    limit = max_length(RaterComment, "text")
    problems = _text_problems(cleaned, limit=limit, field=str)
    if problems:
        raise EvaluationError("A comment is too long: shorten it and try again.", errors=problems)
    return cleaned


# --- The self evaluation ------------------------------------------------------------------------


def _check_answers_open(*, round: Round, participant: Participant, today) -> None:
    if today < round.opens_on:
        raise EvaluationError(
            f"The {round.title.lower()} opens on {long_date(round.opens_on)}: "
            "your self evaluation can be started then."
        )
    if not rules.answers_open(round, today):
        raise EvaluationError(
            f"The {round.title.lower()} closed on {long_date(round.closes_on)}, "
            "so answers are no longer taken."
        )
    if report_frozen(round=round, participant_id=participant.pk):
        raise EvaluationError("Your report is complete, so answers are no longer taken.")


def _locked_self_evaluation(*, participant: Participant, round: Round) -> SelfEvaluation:
    """The participant's self evaluation for the round, locked with their row; a new, unsaved
    one if they have not saved any yet (made only when something is saved)."""
    if not rules.is_own_round(participant, round):
        raise EvaluationError("This round is not one of your cohort's.")
    Participant.objects.select_for_update().get(pk=participant.pk)
    evaluation = (
        SelfEvaluation.objects.select_for_update().filter(round=round, participant=participant)
    ).first()
    return evaluation or SelfEvaluation(round=round, participant=participant)


def _take_self_answers(
    *,
    evaluation: SelfEvaluation,
    round: Round,
    scores: Mapping,
    evidence: Mapping,
    revision: int,
    complete: bool,
) -> None:
    if revision != evaluation.revision:
        raise EvaluationError(STALE)
    qualities = round_qualities(round)
    cleaned = clean_scores(round=round, qualities=qualities, scores=scores)
    kept = clean_evidence(qualities=qualities, evidence=evidence)
    if complete:
        _require_all(qualities, cleaned)
    evaluation.scores = cleaned
    evaluation.evidence = kept
    evaluation.revision += 1


@transaction.atomic
def self_evaluation_save(
    *,
    participant: Participant,
    round: Round,
    scores: Mapping,
    evidence: Mapping,
    revision: int,
    now: datetime | None = None,
) -> SelfEvaluation:
    """Keep the participant's answers so far, while the round is open and before they submit.

    ``revision`` is the one their page was opened at: a save from a page older than the last
    save (another window, an old tab) is refused, so it never overwrites newer answers
    unseen."""
    now = now or timezone.now()
    evaluation = _locked_self_evaluation(participant=participant, round=round)
    if evaluation.is_submitted:
        raise EvaluationError(
            "You have already submitted your self evaluation, so it can no longer be changed."
        )
    _check_answers_open(round=round, participant=participant, today=uk_today(now=now))
    _take_self_answers(
        evaluation=evaluation,
        round=round,
        scores=scores,
        evidence=evidence,
        revision=revision,
        complete=False,
    )
    evaluation.save()
    return evaluation


@transaction.atomic
def self_evaluation_submit(
    *,
    participant: Participant,
    round: Round,
    scores: Mapping,
    evidence: Mapping,
    revision: int,
    now: datetime | None = None,
) -> SelfEvaluation:
    """Submit the self evaluation, once: every quality needs a rating or "not able to say".

    Submitting again (a double click, a second tab) changes nothing and is not an error. The
    report is then frozen if everyone invited has answered or declined."""
    now = now or timezone.now()
    evaluation = _locked_self_evaluation(participant=participant, round=round)
    if evaluation.is_submitted:
        return evaluation
    _check_answers_open(round=round, participant=participant, today=uk_today(now=now))
    _take_self_answers(
        evaluation=evaluation,
        round=round,
        scores=scores,
        evidence=evidence,
        revision=revision,
        complete=True,
    )
    evaluation.submitted_at = now
    evaluation.save()
    reports.freeze_if_complete(round=round, participant=participant, now=now)
    return evaluation


# --- A rater's answers --------------------------------------------------------------------------


def _locked_open_invitation(invitation: RaterInvitation, *, now: datetime) -> RaterInvitation:
    """The invitation locked (after its participant's row), still open for the link it was
    read from, or :class:`RaterLinkError` saying why not: answered, declined, withdrawn or
    corrected in the meantime, the round closed, or the report frozen."""
    Participant.objects.select_for_update().get(pk=invitation.participant_id)
    locked = (
        RaterInvitation.objects.select_for_update(of=("self",))
        .select_related("round__version")
        .get(pk=invitation.pk)
    )
    if locked.state == State.WITHDRAWN:
        raise RaterLinkError("withdrawn")
    if locked.state == State.SUBMITTED:
        raise RaterLinkError("answered")
    if locked.state == State.DECLINED:
        raise RaterLinkError("declined")
    if locked.nonce != invitation.nonce:
        raise RaterLinkError("invalid")
    if locked.round.has_closed(uk_today(now=now)):
        raise RaterLinkError("closed")
    if report_frozen(round=locked.round, participant_id=locked.participant_id):
        raise RaterLinkError("complete")
    return locked


def _rater_answers(
    *, invitation: RaterInvitation, scores: Mapping, comments: Mapping, complete: bool
) -> tuple[dict[str, int | None], dict[str, str]]:
    qualities = round_qualities(invitation.round)
    cleaned = clean_scores(round=invitation.round, qualities=qualities, scores=scores)
    words = clean_comments(comments)
    if complete:
        _require_all(qualities, cleaned)
    return cleaned, words


@transaction.atomic
def rater_save(
    *,
    invitation: RaterInvitation,
    scores: Mapping,
    comments: Mapping,
    now: datetime | None = None,
) -> RaterInvitation:
    """Keep a rater's answers so far on their invitation, to come back to with the same link.
    Raises :class:`RaterLinkError` if the link can no longer be used."""
    now = now or timezone.now()
    locked = _locked_open_invitation(invitation, now=now)
    cleaned, words = _rater_answers(
        invitation=locked, scores=scores, comments=comments, complete=False
    )
    locked.draft = {"scores": cleaned, "comments": words}
    locked.save(update_fields=["draft"])
    return locked


@transaction.atomic
def rater_submit(
    *,
    invitation: RaterInvitation,
    scores: Mapping,
    comments: Mapping,
    now: datetime | None = None,
) -> None:
    """Submit a rater's answers, once: every quality rated or "not able to say"; comments
    optional.

    The answers become a ``RaterResponse`` with ``RaterComment`` rows for the comments given,
    holding nothing that leads back to the invitation; the invitation's draft is emptied and
    its link used up, under its row lock, so two clicks give one response (the second is told
    the answers are in). Returns nothing, so no caller holds the response beside the
    invitation."""
    now = now or timezone.now()
    locked = _locked_open_invitation(invitation, now=now)
    cleaned, words = _rater_answers(
        invitation=locked, scores=scores, comments=comments, complete=True
    )
    response = RaterResponse.objects.create(
        round_id=locked.round_id,
        participant_id=locked.participant_id,
        relationship=locked.relationship,
        scores=cleaned,
    )
    RaterComment.objects.bulk_create(
        RaterComment(response=response, question=question, text=words[question])
        for question in COMMENT_QUESTIONS
        if words.get(question)
    )
    locked.state = State.SUBMITTED
    locked.draft = {}
    nonce_rotate(locked, save=False)
    locked.save(update_fields=["state", "draft", "nonce"])
    reports.freeze_if_complete(round=locked.round, participant=locked.participant, now=now)


@transaction.atomic
def rater_decline(*, invitation: RaterInvitation, now: datetime | None = None) -> None:
    """A rater's one-click "I would rather not": the invitation is declined, anything saved is
    dropped and the link used up. The report is then frozen if the round is complete."""
    now = now or timezone.now()
    locked = _locked_open_invitation(invitation, now=now)
    locked.state = State.DECLINED
    locked.draft = {}
    nonce_rotate(locked, save=False)
    locked.save(update_fields=["state", "draft", "nonce"])
    reports.freeze_if_complete(round=locked.round, participant=locked.participant, now=now)
