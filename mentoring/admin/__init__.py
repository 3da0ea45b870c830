"""The mentoring app's admin, one module per topic."""
