"""The production layout: docker-compose.yml cannot be run here, so its shape is checked."""

from scripts.deployment import ROOT, compose


def test_compose_has_every_service():
    assert {"web", "worker", "beat", "db", "redis"} <= set(compose()["services"])


def test_compose_app_services_share_one_image_and_environment():
    services = compose()["services"]
    app = [services[name] for name in ("web", "worker", "beat", "migrate")]
    assert len({s["image"] for s in app}) == 1
    assert all(s["build"] == "." for s in app)
    assert all(s["environment"] == app[0]["environment"] for s in app)
    assert all(s["env_file"] == ".env" for s in app)
    assert app[0]["environment"]["DEBUG"] == "false"
    assert app[0]["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert app[0]["environment"]["DATABASE_URL"].startswith("postgres://")


def test_compose_commands_run_gunicorn_worker_and_beat():
    services = compose()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:4] == ["celery", "-A", "csssl", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "csssl", "beat"]
    assert "check --deploy --fail-level WARNING" in services["migrate"]["command"][-1]


def test_dockerfile_uses_python_311():
    assert "FROM python:3.11" in (ROOT / "Dockerfile").read_text()
