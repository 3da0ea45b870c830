import pytest

from csssl import views

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_in_process_tasks(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_unreachable_broker_is_unhealthy(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(views, "_broker_status", lambda: "unreachable")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"


def test_healthz_broken_database_is_unhealthy(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_broker_status_real_redis_answers(redis_broker, settings):
    settings.CELERY_BROKER_URL = redis_broker
    assert views._broker_status() == "ok"


def test_broker_status_closed_port_is_unreachable(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    assert views._broker_status() == "unreachable"
