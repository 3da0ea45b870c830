"""The mentoring app's services, one module per topic."""
