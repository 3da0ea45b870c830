"""The mentoring app's forms, one module per topic."""
