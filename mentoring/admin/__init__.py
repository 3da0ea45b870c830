"""The mentoring app's admin, one module per topic."""

from mentoring.admin import placements  # noqa: F401
