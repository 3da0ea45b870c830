"""The mentoring app's admin, one module per topic."""

from mentoring.admin import matching, placements, sessions  # noqa: F401
