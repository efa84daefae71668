# The README's two set-up commands are `make demo` and `make test`; both are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install demo test browser js lint bench docs clean
JS_INSTALLED := js/node_modules/.installed

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

demo: install
	$(BIN)/median-harness serve --legacy-below 2.0.0

browser: install
	@$(BIN)/python -m bridge_stub.browser >/dev/null 2>&1 || sh scripts/install-browser.sh
	@printf 'browser: '; $(BIN)/python -m bridge_stub.browser
	@command -v Xvfb >/dev/null 2>&1 || sh scripts/install-xvfb.sh

# The npm package's own tests run the Python command from this virtualenv.
test: install browser js docs
	$(BIN)/python -m pytest
	cd js && npm test

# The documentation site, built strictly: a broken link or a missing page fails it.
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

js: $(JS_INSTALLED)

$(JS_INSTALLED): js/package-lock.json
	cd js && npm ci --no-audit --no-fund
	touch $(JS_INSTALLED)

lint: install js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bridge_stub demo_site benchmarks tests mkdocs_hooks.py
	cd js && npx tsc -p tsconfig.json --noEmit

bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 || \
		echo "bench: wrk is not installed (apt-get install wrk); REST figures use a Python client"
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) test-results js/node_modules js/dist js/test-results median-harness.db median-harness.db-wal median-harness.db-shm \
		median-harness-site.db median-harness-site.db-wal median-harness-site.db-shm
