# OpenIEP: `make demo` to try it, `make test` to check it. Nothing else needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := OPENIEP_DEBUG=true
DEMO_STUDENTS ?= 600

.PHONY: install demo seed-demo serve test test-fast lint browser-deps clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(DEMO_ENV) $(BIN)/openiep migrate --noinput
	$(DEMO_ENV) $(BIN)/openiep seed --students $(DEMO_STUDENTS) --seed 1 --if-empty
	@echo "OpenIEP demo: http://127.0.0.1:8000  (accounts and password: see README.md)"
	$(DEMO_ENV) $(BIN)/openiep runserver 127.0.0.1:8000

# Browser tests need Debian's chromium and the axe-core npm package; this installs them where it can
# and otherwise the browser tests skip with a message saying why.
browser-deps:
	@bash scripts/browser-deps.sh

lint: install
	$(BIN)/ruff check .

test: install browser-deps lint
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser" -x -q

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules openiep.sqlite3 .pytest_cache
