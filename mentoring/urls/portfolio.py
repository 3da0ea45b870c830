"""The portfolio addresses of the mentoring app (namespace ``mentoring``)."""

urlpatterns: list = []
