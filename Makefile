# Samskap: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
MANAGE := $(PY) manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
# Local runs are development runs; production sets its own environment (see README).
export DEBUG ?= 1

.PHONY: run test lint setup deps frontend db demo worker messages bench clean

run: setup db demo  ## set up everything and serve the demo on http://127.0.0.1:8000
	@# The task worker (e-mail, register syncs) runs beside the server and stops with it.
	trap 'kill 0' EXIT; $(MANAGE) db_worker & SHOW_DEMO_LOGINS=1 $(MANAGE) runserver 127.0.0.1:8000

test: setup  ## set up and run the whole suite
	$(PY) -m pytest -n $${PYTEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: setup  ## ruff, mypy, migration check, stale-translation check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy samskap
	$(MANAGE) makemigrations --check --dry-run
	$(PY) bin/check-messages

setup: deps frontend

deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || "$$(bin/find-python)" -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(UV) sync --frozen --inexact --python $(PY)
	@touch $@

frontend: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: deps  ## refresh the translation catalogues after changing strings
	$(MANAGE) makemessages -l nb -l nn -l en --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=tests --ignore=benchmarks
	$(MANAGE) makemessages -d djangojs -l nb -l nn -l en --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=tests --ignore=benchmarks --ignore=samskap/static/vendor
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

db: deps
	$(MANAGE) migrate --no-input -v 0

demo: db
	$(MANAGE) seed_demo

worker: setup  ## run the background task worker
	$(MANAGE) db_worker

bench: setup  ## run the benchmarks (needs DATABASE_URL pointing at PostgreSQL)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
