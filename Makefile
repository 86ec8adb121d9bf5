# ElderSafe — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
BIN       := $(VENV)/bin
NPM       := npm --prefix frontend
SERVICES  := registry inspection rectification notification
PYTEST    := $(PY) -m pytest
export PATH := $(CURDIR)/$(BIN):$(PATH)
# This checkout's packages come first on the path, whatever the virtual environment's .pth names (joined with
# colons and no spaces: Python skips an entry with a stray space and would import the .pth's package instead).
empty :=
space := $(empty) $(empty)
export PYTHONPATH := $(subst $(space),:,$(CURDIR)/libs/common $(CURDIR)/gateway $(addprefix $(CURDIR)/services/,$(SERVICES)))

.PHONY: help install venv frontend-deps frontend keys migrate seed run advance clock api-types lint test test-api test-e2e test-scenario bench clean

help:
	@echo "make run       start the whole platform on SQLite with the demo district (http://127.0.0.1:8000)"
	@echo "make test      lint, then every test: unit, API, end-to-end, browser, schemathesis, frontend"
	@echo "make test-api  unit and API tests only (CI also runs these on PostgreSQL)"
	@echo "make test-scenario   the whole campaign, day by day across real processes (part of make test)"
	@echo "make advance DAYS=n   move the running demo's clock forward n days (development only)"
	@echo "make bench     the benchmarks in bench/"

install: venv frontend-deps

venv: $(VENV)/.installed
$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/dev.txt
	# Our packages live in several folders; one .pth puts them all on the path (no per-package installs).
	$(PY) -c "import site,sys; open(site.getsitepackages()[0]+'/eldersafe.pth','w').write('\n'.join(sys.argv[1:])+'\n')" \
	  $(CURDIR)/libs/common $(CURDIR)/gateway $(addprefix $(CURDIR)/services/,$(SERVICES))
	touch $@

frontend-deps: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
frontend: frontend/dist/index.html
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	$(NPM) run build

keys: venv
	$(PY) -m eldersafe_gateway.keys

# Run the given modules side by side (each Python start costs a second or two); fail if any fails.
define side_by_side
	@pids=""; for m in $(1); do $(PY) -m $$m & pids="$$pids $$!"; done; \
	  status=0; for p in $$pids; do wait $$p || status=1; done; exit $$status
endef

migrate: venv
	$(PY) -m eldersafe_gateway.migrate
	@# The gateway's migration applied the shared events history; the services' histories are independent.
	$(call side_by_side,$(foreach s,$(SERVICES),eldersafe_$(s).migrate))

# The demo campaign signs its roles in through the gateway, which needs the signing key.
seed: keys migrate
	$(call side_by_side,eldersafe_registry.seed eldersafe_inspection.seed eldersafe_gateway.seed)
	@# The demo district in the middle of its campaign, played through the APIs (once; refused in production).
	$(PY) -m deploy.demo.campaign

run: venv frontend keys seed
	@echo "ElderSafe: http://127.0.0.1:8000  (API docs: http://127.0.0.1:8000/api/docs) — Ctrl-C stops everything"
	$(BIN)/honcho start -f deploy/Procfile -d $(CURDIR)

# Development only: every service and worker reads var/clock.json; workers run their checks at once on a move.
DAYS ?= 1
advance: venv
	$(PY) -m eldersafe_common.clock --days $(DAYS)

clock: venv
	$(PY) -m eldersafe_common.clock --show

# The SPA's API types (frontend/src/api/schema.d.ts), generated from the merged OpenAPI document of every service.
api-types: venv frontend-deps
	$(PY) frontend/scripts/openapi.py

lint: venv frontend-deps
	$(BIN)/ruff check .
	$(BIN)/mypy libs/common gateway services
	@# Fails when an API change was not followed by `make api-types`.
	$(PY) frontend/scripts/openapi.py --check
	$(NPM) run typecheck

test: lint frontend
	$(PYTEST) -q
	$(NPM) run test

# Unit and API tests only (no processes, no browser): what CI repeats on PostgreSQL.
test-api: venv
	$(PYTEST) -q -m "not e2e and not browser and not schema"

test-e2e: venv frontend
	$(PYTEST) -q -m "e2e or browser or schema"

# The whole campaign played day by day (also in make test); on PostgreSQL with
# ELDERSAFE_TEST_SCENARIO_DATABASE_URL=postgresql+psycopg://… (a database is created on that server for the run).
test-scenario: venv
	$(PYTEST) -q -m scenario

bench: venv
	$(PY) bench/gateway/run.py
	$(PY) bench/ledger/run.py
	$(PY) bench/dashboard/run.py
	$(PY) bench/escalation/run.py
	$(PY) bench/events/run.py

clean:
	rm -rf var frontend/dist
