# The two commands a user needs: `make demo` and `make test`. Everything else
# here is what they are built from.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# Airflow lives inside the project; the metadata DB is SQLite by default.
export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__PARALLELISM := 4
export AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG := 4
export AIRFLOW__CORE__EXECUTOR := LocalExecutor
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL := 30
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := True
export PYTHONPATH := $(CURDIR):$(CURDIR)/plugins
# The embedded warehouse: a SQLite file in the project. Override with a
# PostgreSQL connection in production (see README).
WAREHOUSE_DB := $(CURDIR)/.warehouse/warehouse.db
export AIRFLOW_CONN_WAREHOUSE_DEFAULT ?= {"conn_type": "sqlite", "host": "$(WAREHOUSE_DB)"}

# Debian packages some tests drive: Compose validates docker-compose.yaml,
# Chromium and its driver run the browser test of the Airflow UI.
SYSTEM_PACKAGES := docker-compose chromium chromium-driver

.DEFAULT_GOAL := install
.PHONY: install system-packages airflow-db warehouse lint test demo up up-celery partners bench chaos lock clean

install: $(INSTALLED)

# Development installs every set of pyproject.toml: runtime, sandbox and dev.
$(INSTALLED): constraints.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check pip==26.3 setuptools==84.2.1 wheel==0.48.0
	$(BIN)/pip install --quiet --no-build-isolation -e '.[sandbox,dev]' -c constraints.txt
	touch $@

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null) \
	    || echo "could not install $$missing: the tests that need them say so and skip"; \
	fi

# Airflow's metadata database, migrated once per install.
airflow-db: $(AIRFLOW_HOME)/.migrated
$(AIRFLOW_HOME)/.migrated: $(INSTALLED)
	mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/db-migrate.log 2>&1 || (cat $(AIRFLOW_HOME)/db-migrate.log; exit 1)
	touch $@

# The warehouse schema (include/sql/migrations), applied idempotently.
warehouse: airflow-db
	mkdir -p $(dir $(WAREHOUSE_DB))
	$(BIN)/python -m netsuite_ap_sync.warehouse migrate

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Test files run in TEST_WORKERS processes (a file stays in one, so its module
# fixtures are built once); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 4
test: lint airflow-db system-packages
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 $(PYTEST_ARGS)

# The demo starts its sandboxes empty, so it makes WAREHOUSE_DB new; `make up` and
# partners_cli then show its partner.
demo: warehouse
	$(BIN)/python -m demo --warehouse-db $(WAREHOUSE_DB) $(DEMO_ARGS)

# The Airflow UI on this machine, with the sandboxes and a demo partner.
up: warehouse
	$(BIN)/python -m demo.up $(UP_ARGS)

# docker-compose.yaml's shape without Docker: CeleryExecutor, two Celery workers,
# the local Redis as broker and PostgreSQL as metadata DB and warehouse (see README).
up-celery: install
	AIRFLOW_HOME=$(CURDIR)/.airflow-celery $(BIN)/python -m demo.up --executor celery $(UP_ARGS)

# partners_cli on the warehouse make demo and make up share: make partners ARGS="quarantine --partner demo"
ARGS ?= list
partners: warehouse
	$(BIN)/python -m netsuite_ap_sync.tools.partners_cli $(ARGS)

# Benchmarks against the API limits and a peer; writes bench/results.json.
bench: warehouse
	$(BIN)/python -m bench $(BENCH_ARGS)

# The demo scenario under injected faults and kills, many seeds.
CHAOS_RUNS ?= 25
chaos: warehouse
	$(BIN)/python -m chaos --runs $(CHAOS_RUNS) $(CHAOS_ARGS)

# Regenerate constraints.txt from a clean venv holding every set of pyproject.toml
# (the project itself left out: it is installed editable, not pinned).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet pip==26.3 setuptools==84.2.1 wheel==0.48.0
	.lock-venv/bin/pip install --quiet --no-build-isolation -e '.[sandbox,dev]'
	(echo "# pip freeze of a clean Python 3.11 venv with pyproject.toml's runtime, sandbox and dev sets; regenerate with 'make lock'."; \
	 .lock-venv/bin/pip freeze --exclude netsuite-ap-sync) > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(AIRFLOW_HOME) .airflow-celery .warehouse .demo
