import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_csrf_failure_explains_and_offers_sign_in():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your session has expired" in body
    assert 'href="/accounts/login/"' in body
