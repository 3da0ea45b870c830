"""Read queries for the applications app's pages, by topic:

- ``applicants``: the applicant's own applications and the status each shows;
- ``allocation``: the allocation board and the balance of a cohort's places;
- ``proposal``: the balanced-cohort assistant's proposal for a cohort. It is not re-exported
  here, so that loading the other selectors never loads the solver: import it from its module.
"""

from applications.selectors.allocation import (
    BOARD_FILTERS,
    PAGE_SIZE,
    Balance,
    BalanceLine,
    BoardCounts,
    BoardPage,
    BoardRow,
    ScoreField,
    allocation_board,
    balance_of,
    board_counts,
    board_page,
    board_position,
)
from applications.selectors.applicants import (
    StatusBadge,
    application_of,
    applications_of,
    cohort_for_application,
    current_endorsement,
    latest_offer,
    status_of,
    told_decision,
)

__all__ = [
    "BOARD_FILTERS",
    "PAGE_SIZE",
    "Balance",
    "BalanceLine",
    "BoardCounts",
    "BoardPage",
    "BoardRow",
    "ScoreField",
    "StatusBadge",
    "allocation_board",
    "application_of",
    "applications_of",
    "balance_of",
    "board_counts",
    "board_page",
    "board_position",
    "cohort_for_application",
    "current_endorsement",
    "latest_offer",
    "status_of",
    "told_decision",
]
