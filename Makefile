# One entry point for people and CI. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck generated pytest browser js docs bench clean

# NO_BROWSER=1 (or ALFRED_CONTRACTS_NO_BROWSER=1 in the environment): no chromium is
# installed and the docs browser tests are skipped, with the reason shown. Refused under
# CI (CI set): there the browser tests fail instead of skipping.
NO_BROWSER ?= $(ALFRED_CONTRACTS_NO_BROWSER)
WANT_BROWSER := $(if $(filter-out 0 false no,$(strip $(NO_BROWSER))),,browser)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## run: set up and run the main job: the contract gate over the bundled contract
run: $(VENV)/.installed
	$(BIN)/alfred-contracts gate

## test: set up, then lint, type-check, check generated code and run the whole test suite
test: lint typecheck generated pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

generated: $(VENV)/.installed
	$(BIN)/alfred-contracts generate --check
	$(BIN)/python -m alfred_contracts.cli.usage --check README.md

pytest: $(VENV)/.installed $(WANT_BROWSER) js
	ALFRED_CONTRACTS_NO_BROWSER='$(NO_BROWSER)' $(BIN)/pytest -n auto --dist loadfile

## browser: Debian's chromium and chromedriver, for the docs browser test (apt-get as root
## when missing; skipped with NO_BROWSER=1)
browser:
	tools/ensure-chromium

## bench: measure validation against the floor; writes benchmarks/RESULTS.md
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py --write benchmarks/RESULTS.md
	$(BIN)/python benchmarks/shapes.py --baseline 0a296d1 --write benchmarks/RESULTS.md

## js: Node.js and the pinned Ajv that tests/test_javascript.py runs (npm ci --prefix tests/js)
js: tests/js/node_modules/.package-lock.json

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	tools/ensure-node
	npm ci --prefix tests/js --no-audit --no-fund

## docs: build the documentation site into site/ (mkdocs build --strict)
docs: $(VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) build dist site .pytest_cache .mypy_cache .ruff_cache tests/js/node_modules
