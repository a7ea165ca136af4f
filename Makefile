# Two commands on a fresh machine:  make serve  and  make test  (see README.md).
# Every install step lives here or in .ci/run, so a clean clone needs nothing done by hand.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Set-up says only what went wrong: no "new pip available" or npm update notices (the versions are pinned here).
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup setup-test browser nginx office build serve test check paths bench clean dist scenarios

## Set-up: the virtual environment with the build dependencies, and Pyodide from npm.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# --ignore-scripts: no package needs its install script (esbuild's only checks its binary, which npm installs as
# @esbuild/<platform>), and npm 11 warns of each script not allowed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --no-update-notifier --ignore-scripts
	touch $@

setup: $(VENV)/.installed node_modules/.installed

setup-test: setup $(VENV)/.installed-test browser nginx office

## Chromium for the browser tests: Debian's package, since `playwright install` cannot download one here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## LibreOffice for the tests that convert the downloaded .docx files to PDF; fonts so that the PDF has text.
office:
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "Installing Debian's LibreOffice Writer for the document tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui fonts-liberation; }

## A zip per partnership (or PARTNERSHIP=slug) with its server settings, in dist/ (see docs/publishing.md).
dist: setup
	$(PY) build.py dist $(if $(PARTNERSHIP),--partnership $(PARTNERSHIP))

## nginx for the test that hosts `make dist` output as a council would: Debian's nginx-light.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx-light for the hosting test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }

## Validate every bundled policy and region's area (or PARTNERSHIP=slug, or FILES="policies/x/policy.yaml ...").
check: setup
	$(PY) build.py check $(FILES) $(if $(PARTNERSHIP),$(wildcard policies/$(PARTNERSHIP)/policy.yaml policies/$(PARTNERSHIP)/versions/*.yaml regions/*/$(PARTNERSHIP)/policy.yaml regions/*/$(PARTNERSHIP)/versions/*.yaml))

## Build every bundled partnership into site/.
build: setup
	$(PY) build.py build

## Build, then serve the site on http://$(HOST):$(PORT)/
serve: build
	$(PY) build.py serve --host $(HOST) --port $(PORT)

## The whole test suite.
test: setup-test
	$(PY) -m pytest

## Every route through a policy's questions, e.g. make paths POLICY=medway
paths: setup
	$(PY) -m guide paths $(or $(POLICY),medway)

## Run a scenario table: make scenarios PARTNERSHIP=slug FILE=table.csv (without FILE: policies/<slug>/scenarios.csv).
## A table to start from: python build.py scenarios slug --template --out table.csv (docs/adding-a-partnership.md).
scenarios: setup
	$(if $(PARTNERSHIP),,$(error give PARTNERSHIP=slug, and FILE=table.csv to run a table))
	$(PY) build.py scenarios $(PARTNERSHIP) $(if $(FILE),"$(FILE)")

## The guide's speed in headless Chromium (prints a table, writes benchmarks/results/guide.json).
bench: setup-test
	$(PY) benchmarks/guide.py

clean:
	rm -rf site build .pytest_cache
