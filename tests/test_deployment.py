"""The production layout: docker-compose.yml cannot be run here, so its shape is checked."""

import re

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


def mounts(service: dict) -> dict[str, str]:
    """Where each named volume is mounted in a service: ``{volume: path}``."""
    return dict(volume.split(":")[:2] for volume in service.get("volumes", []))


def dockerfile_env(name: str) -> str | None:
    found = re.search(rf"^ENV .*\b{name}=(\S+)", (ROOT / "Dockerfile").read_text(), re.M)
    return found.group(1) if found else None


def test_compose_every_app_service_shares_the_files_volume():
    """A zip a worker writes is there for whichever web replica serves the download."""
    services = compose()["services"]
    app = [name for name, s in services.items() if s.get("image") == services["web"]["image"]]
    assert {"web", "worker", "beat", "migrate", "backup"} <= set(app)
    private_media = dockerfile_env("PRIVATE_MEDIA_ROOT")
    assert private_media == "/app/private_media"
    for name in app:
        assert mounts(services[name]).get("files") == private_media, name
    assert "files" in compose()["volumes"]


def test_compose_backup_service_backs_up_daily_into_its_own_volume():
    services = compose()["services"]
    backup = services["backup"]
    assert backup["image"] == services["web"]["image"]
    assert backup["environment"]["DATABASE_URL"] == services["web"]["environment"]["DATABASE_URL"]
    assert mounts(backup)["backups"] == backup["environment"]["BACKUP_DIR"] == "/backups"
    assert "backups" in compose()["volumes"]
    assert not any("backups" in mounts(s) for name, s in services.items() if name != "backup")
    script = backup["command"][-1]
    assert "scripts/backup.sh" in script
    assert "sleep 86400" in script
    assert "/backups" in backup["healthcheck"]["test"][-1]


def test_image_has_pg_dump_of_the_database_servers_version():
    """pg_dump refuses a server newer than itself."""
    server = compose()["services"]["db"]["image"].split(":")[1].split(".")[0]
    assert f"postgresql-client-{server}" in (ROOT / "Dockerfile").read_text()
    assert (ROOT / "scripts" / "backup.sh").stat().st_mode & 0o111
    assert (ROOT / "scripts" / "restore.sh").stat().st_mode & 0o111
