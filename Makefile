# Two commands: `make run` serves the demo, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint worker beat clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
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
	$(BIN)/pytest --create-db $(PYTEST_ARGS)

# With CELERY_BROKER_URL set, these run the worker and the scheduler of periodic sweeps.
worker: setup
	$(BIN)/celery -A csssl worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A csssl beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
