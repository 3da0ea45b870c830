"""The evaluations app's models, one module per topic; imported here so Django finds them.

- ``frameworks``: a framework version, the frozen copy of a programme's qualities that a round
  rates against, so editing the framework never alters past answers or reports;
- ``rounds``: a cohort's evaluation round (pre-programme, end of programme) and its rules;
- ``responses``: the participant's self evaluation, the raters they invite, and the raters'
  answers and comments, which carry no link to the rater who gave them;
- ``reports``: a participant's released report, frozen;
- ``plans``: the development plan and its priorities.
"""

from evaluations.models.frameworks import (
    NOT_ABLE_TO_SAY,
    RATING_SCALE,
    FrameworkVersion,
    VersionQuality,
)
from evaluations.models.plans import DevelopmentPlan, Priority
from evaluations.models.reports import Report
from evaluations.models.responses import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    SelfEvaluation,
)
from evaluations.models.rounds import LOWEST_THRESHOLD, RELATIONSHIPS, Relationship, Round

__all__ = [
    "LOWEST_THRESHOLD",
    "NOT_ABLE_TO_SAY",
    "RATING_SCALE",
    "RELATIONSHIPS",
    "DevelopmentPlan",
    "FrameworkVersion",
    "Priority",
    "RaterComment",
    "RaterInvitation",
    "RaterResponse",
    "Relationship",
    "Report",
    "Round",
    "SelfEvaluation",
    "VersionQuality",
]
