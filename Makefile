# Navigator: `make run` serves the site with the Durham directory; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The interface's words: extracted from navigator/ and templates/ to the template (POT),
# translated in the Spanish catalog (PO), compiled for the app (MO, never committed).
I18N   := navigator/translations
POT    := $(I18N)/messages.pot
ES_PO  := $(I18N)/es/LC_MESSAGES/messages.po
ES_MO  := $(I18N)/es/LC_MESSAGES/messages.mo

.PHONY: run serve test screenshots bench bench-search bench-follow bench-relevance bench-http bench-api bench-reports setup migrate load index translations clean

run: setup migrate load index $(ES_MO)
	$(FLASK) run --host $(HOST) --port $(PORT)

# The site as production serves it: gunicorn with Navigator's settings, WORKERS processes,
# the environment's NAVIGATOR_* settings (NAVIGATOR_ENV=production needs a secret key and
# HTTPS in front: see docs/operating.md).
WORKERS ?= 2
serve: migrate load index $(VENV)/.installed-server
	$(BIN)/gunicorn -c python:navigator.gunicorn_conf -w $(WORKERS) -b $(HOST):$(PORT) wsgi:app

test: $(VENV)/.installed-test $(ES_MO)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The README's pictures (docs/images), taken by the browser tests from the running site.
screenshots: $(VENV)/.installed-test $(ES_MO)
	NAVIGATOR_SCREENSHOTS=docs/images NAVIGATOR_REQUIRE_BROWSER=1 \
		$(BIN)/python -m pytest -q tests/browser/test_screenshots.py

bench: $(VENV)/.installed-test
	$(BIN)/python bench/import_bench.py $(BENCH_ARGS)

bench-search: $(VENV)/.installed-test
	$(BIN)/python bench/search_bench.py $(BENCH_ARGS)

# The lag from a commit on one host to another host's index (a PostgreSQL server needed).
bench-follow: $(VENV)/.installed-test
	$(BIN)/python bench/follow_bench.py $(BENCH_ARGS)

# nDCG@10 of search by group of cases, on Durham's sample and on a fictional second
# directory (tests/search/other_city/); BENCH_ARGS=--details lists every case.
bench-relevance: $(VENV)/.installed
	$(BIN)/python bench/relevance_bench.py $(BENCH_ARGS)

# The search page under gunicorn, loaded over HTTP by wrk (apt-get install -y wrk; without
# it a slower Python client is used).
bench-http: $(VENV)/.installed-bench
	$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

# The HSDS API under gunicorn: full pages of services (wrk) and the ndjson stream of all.
bench-api: $(VENV)/.installed-bench
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

# A year of the navigators' work and 200,000 logged searches, then every report timed on
# SQLite and PostgreSQL (BENCH_ARGS=--scale 0.1 for a quick run).
bench-reports: $(VENV)/.installed-test
	$(BIN)/python bench/reports_bench.py $(BENCH_ARGS)

setup: $(VENV)/.installed $(ES_MO)

migrate: setup
	$(FLASK) db upgrade

load: migrate
	$(FLASK) directory import directory_data --if-empty

index: load
	$(FLASK) search reindex --if-missing

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Navigator needs Python 3.11 or newer; run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip
	touch $@

# Twice quiet: pip still prints errors, but not setuptools' notice that every editable
# install gets (about folders named like the package), which says nothing about Navigator.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --quiet

$(VENV)/.installed: $(VENV)/.python-ok setup.cfg pyproject.toml
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(PIP_INSTALL) -e '.[test]'
	touch $@

$(VENV)/.installed-server: $(VENV)/.installed setup.cfg
	$(PIP_INSTALL) -e '.[server]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test setup.cfg
	$(PIP_INSTALL) -e '.[bench]'
	touch $@

$(ES_MO): $(ES_PO) | $(VENV)/.installed
	$(BIN)/pybabel compile -d $(I18N)

# Re-extract the interface's words and merge them into the Spanish catalog; then translate
# every new or "fuzzy" entry of $(ES_PO) (tests/public/test_spanish.py checks).
# Directories starting with "_" (templates/_macros) are skipped unless --ignore-dirs is given.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F $(I18N)/babel.cfg -k _l -k lazy_gettext \
		--ignore-dirs '.* __pycache__ tests bench instance' --project 'Durham Navigator' \
		-o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d $(I18N)

clean:
	rm -rf $(VENV) instance *.egg-info
