"""A round's pages for coordinators (/coordinator/evaluations/<round>/): its progress and
spreadsheet, reminders, debriefs, a participant's raters to add or correct, the comments to
moderate and the cohort's figures.

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404). Every change is a small POST form that works without JavaScript; a refused
one shows its page again with the problem beside the field and what was typed still in it.
Nothing here says which rater answered: progress is counts, the list of raters has no state,
and what a change says back is the same whether or not the rater had answered.
"""

from .comments import CommentsView, WithholdView
from .progress import (
    CohortFiguresView,
    DebriefView,
    ProgressCsvView,
    ProgressView,
    RemindAllView,
    RemindView,
)
from .raters import RaterAddView, RaterCorrectView, RatersView

__all__ = [
    "CohortFiguresView",
    "CommentsView",
    "DebriefView",
    "ProgressCsvView",
    "ProgressView",
    "RaterAddView",
    "RaterCorrectView",
    "RatersView",
    "RemindAllView",
    "RemindView",
    "WithholdView",
]
