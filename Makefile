# Two commands: `make run` serves the demo, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Exact versions with hashes, compiled from pyproject.toml by `make lock`: a new release
# anywhere never changes what a clean clone installs.
LOCK_FLAGS := --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 --quiet

.PHONY: setup run test lint lock audit worker beat prod-check bench backup restore clean

$(STAMP): requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	@eval "$$($(BIN)/python scripts/services.py)"; \
	set -e; \
	$(BIN)/python manage.py makemigrations --check --dry-run; \
	$(BIN)/python manage.py check --fail-level WARNING; \
	$(BIN)/pytest --create-db --numprocesses auto --dist load $(PYTEST_ARGS)

# With CELERY_BROKER_URL set, these run the worker and the scheduler of periodic sweeps.
worker: setup
	$(BIN)/celery -A csssl worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A csssl beat --loglevel=INFO

# docker-compose.yml's services run here as processes with their own commands and health checks,
# against PostgreSQL and Redis on 127.0.0.1 (README, "Proving a deployment").
prod-check: setup
	$(BIN)/python -m scripts.prod_check

# Page times over HTTP from gunicorn (two workers, DEBUG=false) against a national data set in a
# scratch PostgreSQL database, written to bench/results.md; e.g. `make bench BENCH_ARGS="--scale
# 0.1 --rounds 5"` for a quick look (README, "Performance: make bench").
BENCH_ARGS ?=
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# A backup of DATABASE_URL (PostgreSQL) and PRIVATE_MEDIA_ROOT into BACKUP_DIR (./backups).
backup:
	scripts/backup.sh

# Restore one, e.g. `make restore DUMP=backups/db-20261203T020000Z.dump`, into DATABASE_URL and
# PRIVATE_MEDIA_ROOT, with the files archive made with it; CONFIRM=yes replaces what is there.
restore:
	@test -n "$(DUMP)" || { echo "Name the dump: make restore DUMP=backups/db-<time>.dump" >&2; exit 2; }
	scripts/restore.sh $(if $(filter yes,$(CONFIRM)),--yes) "$(DUMP)"

# Resolve pyproject.toml's ranges again, runtime and dev alike: to the newest releases, or only
# the packages named, e.g. `make lock UPGRADE="--upgrade-package django"`; pylock.toml (the
# standard lock format, PEP 751) is written from the same pins, for tools that read it.
UPGRADE ?= --upgrade
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(UPGRADE) -o requirements-dev.txt
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -c requirements-dev.txt -o requirements.txt
	$(BIN)/pip lock --quiet --no-deps -r requirements-dev.txt -o pylock.toml

# Known vulnerabilities in the locked runtime dependencies (pip-audit asks PyPI, so it needs
# the network; without one it says nothing could be checked). Not part of `make test`: run it
# before every release and once a month.
audit: setup
	@$(BIN)/python scripts/audit.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
