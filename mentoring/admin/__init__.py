"""The mentoring app's admin, one module per topic."""

from mentoring.admin import groups, matching, placements, sessions  # noqa: F401
