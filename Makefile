# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
export DO_NOT_TRACK := 1
export PYTHONUNBUFFERED := 1
UV := python3 -m uv

.PHONY: env demo test lint bench dagster clean

env:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

demo: env
	$(UV) run kpi demo --if-absent
	$(UV) run kpi build
	exec $(UV) run kpi serve

test: env
	$(UV) run ruff check .
	$(UV) run pytest -q

lint: env
	$(UV) run ruff check .
	$(UV) run ruff format --check .

bench: env
	$(UV) run python -m kpi_warehouse.bench

dagster: env
	mkdir -p data/dagster_home
	DAGSTER_HOME=$(CURDIR)/data/dagster_home $(UV) run dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf data dbt_project/target dbt_project/logs
