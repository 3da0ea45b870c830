"""The mentoring app's selectors, one module per topic."""
