"""The mentoring app's models, one module per topic; imported here so Django finds them.

- ``mentors``: a mentor's profile, the pool of mentors of each cohort (with how many mentees
  each takes there), a cohort's mentoring settings, and a mentor's calendar address;
- ``matching``: what a participant asks of a mentor, the proposals for a whole cohort, the
  pairings confirmed, and requests to change a pairing;
- ``sessions``: mentoring sessions, their shared record, their authors' private notes, and each
  side's answer to "is this pairing working?";
- ``groups``: tutorial groups and action learning sets, their meetings and registers;
- ``placements``: placements, shadowing and attachments, and work-based projects;
- ``portfolio``: the e-portfolio's entries, evidence files, and a tutor's marks against a
  quality.
"""

from mentoring.models.groups import Group, GroupMeeting, MeetingAttendance, Membership
from mentoring.models.matching import (
    ChangeRequest,
    MentoringPreference,
    Pairing,
    Proposal,
    ProposedPair,
)
from mentoring.models.mentors import CohortMentoring, Mentor, MentorCalendarFeed, PoolPlace
from mentoring.models.placements import Milestone, Placement, Project
from mentoring.models.portfolio import Evidence, PortfolioEntry, QualityMark
from mentoring.models.sessions import FitAnswer, MentoringSession, PrivateNote, SessionRecord

__all__ = [
    "ChangeRequest",
    "CohortMentoring",
    "Evidence",
    "FitAnswer",
    "Group",
    "GroupMeeting",
    "MeetingAttendance",
    "Membership",
    "Mentor",
    "MentorCalendarFeed",
    "MentoringPreference",
    "MentoringSession",
    "Milestone",
    "Pairing",
    "Placement",
    "PoolPlace",
    "PortfolioEntry",
    "PrivateNote",
    "Project",
    "Proposal",
    "ProposedPair",
    "QualityMark",
    "SessionRecord",
]
