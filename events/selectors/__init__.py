"""Read queries of the events app, by page: the participant's own event pages
(``participant``), registers of attendance (``registers``), the workspace's events
(``workspace``), a cohort (``cohort``), its engagement (``engagement``) and whom to email
(``audience``). Each is a fixed number of queries whatever the data."""

from events.selectors.audience import (
    EVENT_STATUSES,
    Audience,
    Who,
    audience_recipients,
    messages_sent,
)
from events.selectors.cohort import cohort_events, coordinator_cohort
from events.selectors.engagement import (
    AT_RISK,
    ON_TRACK,
    EngagementBoard,
    EngagementRow,
    engagement_board,
)
from events.selectors.participant import calendar_feed_for, feed_by_token, own_event
from events.selectors.registers import (
    APOLOGIES_NOT_MARKED,
    NOT_MARKED,
    REGISTER_HEADER,
    STATUSES,
    TONES,
    Register,
    RegisterRow,
    person_name,
    register_event,
    register_for,
    register_participant,
    register_rows,
)
from events.selectors.workspace import RECENT_DAYS, CohortEvents, EventSummary, workspace_events

__all__ = [
    "APOLOGIES_NOT_MARKED",
    "AT_RISK",
    "EVENT_STATUSES",
    "NOT_MARKED",
    "ON_TRACK",
    "RECENT_DAYS",
    "REGISTER_HEADER",
    "STATUSES",
    "TONES",
    "Audience",
    "CohortEvents",
    "EngagementBoard",
    "EngagementRow",
    "EventSummary",
    "Register",
    "RegisterRow",
    "Who",
    "audience_recipients",
    "calendar_feed_for",
    "cohort_events",
    "coordinator_cohort",
    "engagement_board",
    "feed_by_token",
    "messages_sent",
    "own_event",
    "person_name",
    "register_event",
    "register_for",
    "register_participant",
    "register_rows",
    "workspace_events",
]
