"""The mentoring app's views, one module per topic."""
