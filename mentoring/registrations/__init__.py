"""Imported from ``MentoringConfig.ready``: each topic registers its timeline items,
completion elements, workspace cards, reminders and mentor-workspace sections."""

from mentoring.registrations import groups, matching, placements, portfolio, sessions  # noqa: F401
