"""The mentoring app's admin, one module per topic."""

from mentoring.admin import (
    groups,  # noqa: F401
    matching,  # noqa: F401
)
