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


def test_healthz_answers_a_host_not_allowed(client, settings):
    settings.ALLOWED_HOSTS = ["programmes.example.org"]
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


@pytest.mark.parametrize("path", ["/", "/healthz/", "/healthz/x", "/favicon.ico"])
def test_other_paths_refuse_a_host_not_allowed(client, settings, path):
    settings.ALLOWED_HOSTS = ["programmes.example.org"]
    assert client.get(path, HTTP_HOST="127.0.0.1:8000").status_code == 400
