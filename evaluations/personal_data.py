"""What the evaluations app holds about a person, for their copy of their record
(``csssl.personal_data``).

- Their self evaluations, quality by quality, with their evidence.
- The feedback they asked for: how many raters of each relationship were invited and how many
  answered, counted as their evaluations page counts them, never who (no rater's name, address or id: nothing held ties an answer to a rater,
  and the record must not either).
- Their released reports, figure by figure as the report shows them: the figures were made by
  ``evaluations.anonymity`` when the report was frozen, so a group too small to show is left
  out here as it is there. A report not yet released is not shown, as on their page.
- Feedback they were asked to give someone else as a rater: who asked, in what relationship,
  and whether they answered. Their answers are not included: a submitted answer is kept
  without its author (``RaterResponse``), so it cannot be found as theirs, and it is about the
  person they rated, whose report holds it anonymously.
- Their development plan and its priorities, and every change to them.

Eleven queries, whatever the number of rounds, raters and priorities.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from csssl.personal_data import (
    Section,
    day,
    emails_of,
    fields_of,
    history_items,
    moment,
    register,
)

from .anonymity import LABELS
from .models import (
    DevelopmentPlan,
    Priority,
    RaterInvitation,
    RaterResponse,
    Report,
    Round,
    SelfEvaluation,
    VersionQuality,
)
from .models.rounds import RELATIONSHIPS
from .selectors.participant import INVITED
from .selectors.reports import GROUP_STATUS


def _quality_names(evaluations: list[SelfEvaluation]) -> dict[str, str]:
    keys = {key for e in evaluations for key in (*e.scores, *e.evidence)}
    ids = [int(key) for key in keys if str(key).isdigit()]
    return {
        str(pk): name
        for pk, name in VersionQuality.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def _self_evaluation(evaluation: SelfEvaluation, names: dict[str, str]) -> dict[str, Any]:
    keys = sorted(set(evaluation.scores) | set(evaluation.evidence), key=lambda k: names.get(k, k))
    return {
        "Evaluation": str(evaluation.round),
        "Saved": moment(evaluation.updated_at),
        "Submitted": moment(evaluation.submitted_at),
        "Answers": [
            {
                "Quality": names.get(key, "A quality no longer in the framework"),
                "Score": (
                    evaluation.scores.get(key)
                    if evaluation.scores.get(key) is not None
                    else ("Not able to say" if key in evaluation.scores else "Not answered")
                ),
                "Evidence": evaluation.evidence.get(key, ""),
            }
            for key in keys
        ],
    }


def _report(report: Report) -> dict[str, Any]:
    figures = report.figures or {}
    columns = [(c["key"], c["label"]) for c in figures.get("columns", [])]
    comments = figures.get("comments", {})
    return {
        "Evaluation": str(report.round),
        "Released": moment(report.released_at),
        "Debrief on": day(report.debrief_on),
        "Who answered": [
            {
                "Group": group["label"],
                "Answered": group["answered"],
                "In the report": GROUP_STATUS.get(group["status"], group["status"]),
            }
            for group in figures.get("groups", [])
        ],
        "Scores": [
            {
                "Theme": theme["name"],
                "Quality": quality["name"],
                **{label: quality.get("means", {}).get(key) for key, label in columns},
            }
            for theme in figures.get("themes", [])
            for quality in theme.get("qualities", [])
        ],
        "Your line manager's comments": [
            {"Question": c["label"], "Comments": c["texts"]} for c in comments.get("manager", [])
        ],
        "Other raters' comments": [
            {"Question": c["label"], "Comments": c["texts"]} for c in comments.get("others", [])
        ],
    }


def _asked(user) -> list[dict[str, Any]]:
    """Per round and relationship, how many raters were invited and how many answered, as the
    participant's evaluations page counts them: the invitations they have not removed, and
    the anonymous answers (which hold no link to any invitation), so nothing here says which
    rater answered or declined. Three queries."""
    invited = Counter(
        (row["round_id"], row["relationship"])
        for row in RaterInvitation.objects.filter(participant__user=user, state__in=INVITED)
        .values("round_id", "relationship")
        .order_by()
    )
    answered = Counter(
        (row["round_id"], row["relationship"])
        for row in RaterResponse.objects.filter(participant__user=user)
        .values("round_id", "relationship")
        .order_by()
    )
    keys = set(invited) | set(answered)
    rounds = {
        r.pk: r
        for r in Round.objects.filter(pk__in={round_id for round_id, _ in keys}).select_related(
            "cohort__programme"
        )
    }
    order = {str(relationship): index for index, relationship in enumerate(RELATIONSHIPS)}
    return [
        {
            "Evaluation": str(rounds[round_id]),
            "Relationship": LABELS.get(relationship, relationship),
            "Invited": invited.get((round_id, relationship), 0),
            "Answered": answered.get((round_id, relationship), 0),
        }
        for round_id, relationship in sorted(
            keys, key=lambda key: (rounds[key[0]].opens_on, key[0], order.get(key[1], 99))
        )
    ]


@register("evaluations", order=40)
def evaluation_sections(*, user) -> list[Section]:
    round_related = "round__cohort__programme"
    evaluations = list(
        SelfEvaluation.objects.filter(participant__user=user)
        .select_related(round_related)
        .order_by("round__opens_on", "pk")
    )
    names = _quality_names(evaluations)
    asked = _asked(user)
    reports = (
        Report.objects.filter(participant__user=user, released_at__isnull=False)
        .select_related(round_related)
        .order_by("round__opens_on", "pk")
    )
    as_rater = (
        RaterInvitation.objects.filter(email__in=emails_of(user))
        .select_related(round_related, "participant__user")
        .order_by("invited_at", "pk")
    )
    plans = list(DevelopmentPlan.objects.filter(participant__user=user).order_by("pk"))
    priorities = (
        Priority.objects.filter(plan__in=plans)
        .select_related("quality")
        .order_by("plan", "order", "pk")
    )
    plan_history = history_items(
        DevelopmentPlan.history.filter(participant__user=user), user=user
    ) + history_items(
        Priority.history.filter(plan_id__in=[p.pk for p in plans]), user=user, leave_out={"plan"}
    )
    return [
        Section(
            title="Self evaluations",
            intro="How you rated yourself against each leadership quality, with your evidence.",
            items=[_self_evaluation(e, names) for e in evaluations],
        ),
        Section(
            title="Feedback you asked for",
            intro=(
                "How many raters you invited in each relationship, and where their answers "
                "stand. Who your raters are, and which of them answered, is not shown: answers "
                "are kept without the name of the person who gave them."
            ),
            items=asked,
        ),
        Section(
            title="Your feedback reports",
            intro=(
                "Each report released to you, as it shows: averages by group, and comments "
                "without names. Groups too small to show on their own are combined or left "
                "out, as in the report."
            ),
            items=[_report(report) for report in reports],
        ),
        Section(
            title="Feedback you were asked to give",
            intro=(
                "Invitations to rate another participant sent to your email address, and "
                "whether you answered. Your answers are not included: they are kept without "
                "your name, in that person's report."
            ),
            items=[
                {
                    "For": invitation.participant.user.display_name,
                    "Evaluation": str(invitation.round),
                    "As their": invitation.get_relationship_display(),
                    "Invited": moment(invitation.invited_at),
                    "State": invitation.get_state_display(),
                }
                for invitation in as_rater
            ],
        ),
        Section(
            title="Development plan",
            intro="Your development plan's priorities, and every change to the plan.",
            items=[
                {
                    **fields_of(priority, leave_out={"plan", "order"}),
                }
                for priority in priorities
            ]
            + (
                [{"Shared with your mentor": any(p.shared_with_mentor for p in plans)}]
                if plans
                else []
            )
            + ([{"What changed, and when": plan_history}] if plan_history else []),
        ),
    ]
