"""The evaluations app's part of an erasure (``csssl.erasure``).

Scores stay where figures are made from them: a rater's answers are kept without their
author, so those given about other people, and the counts and averages of every report, are
untouched. What goes is the person's own words and the people they named: the evidence in
their self evaluations, their development plan's texts (with the plan's history), and the
names and addresses of the raters they invited, or of the invitations they were sent as a
rater (the state of each, which the counts read, stays).
"""

from __future__ import annotations

from django.db.models import Q

from csssl.erasure import register
from csssl.personal_data import emails_of

from .models import DevelopmentPlan, Priority, RaterInvitation, SelfEvaluation

REMOVED = "Removed"


@register(
    "evaluations",
    order=40,
    describes=(
        "Their self-evaluation scores stay (no figure about anyone else changes), without the "
        "evidence they wrote; their development plan's priorities lose their text and history; "
        "the names and addresses of the raters they invited, and their own name and address "
        "on invitations to rate someone else, are removed."
    ),
)
def evaluations_erase(*, user, keep_certificates: bool) -> int:
    evaluations = SelfEvaluation.objects.filter(participant__user=user).update(evidence={})
    plans = list(
        DevelopmentPlan.objects.filter(participant__user=user).values_list("pk", flat=True)
    )
    priorities = Priority.objects.filter(plan_id__in=plans).update(
        title=REMOVED, actions="", support=""
    )
    Priority.history.filter(plan_id__in=plans).delete()
    DevelopmentPlan.history.filter(id__in=plans).delete()
    invitations = (
        RaterInvitation.objects.filter(
            Q(participant__user=user) | Q(added_by=user) | Q(email__in=emails_of(user))
        )
        .exclude(name="", email="")
        .update(name="", email="")
    )
    return evaluations + priorities + invitations
