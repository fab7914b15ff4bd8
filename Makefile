# make run: set up (venv, pinned requirements, migrations, demo content) and serve with a worker.
# make test: set up with the test tools and run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
# The Nu HTML checker the test suite runs over the main pages (npm package, run on the machine's Java).
VNU_VERSION := 26.9.27
VNU_STAMP := $(VENV)/vnu/.installed-$(VNU_VERSION)
# Translation catalogues: the .po files are committed, the compiled .mo files are not (.gitignore); each .mo is
# rebuilt whenever its .po changes. Babel compiles them (pure Python, already a requirement), so a fresh machine
# needs no GNU gettext to run the site; fuzzy entries are left out, as gettext's msgfmt does.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint format setup setup-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.requirements
	$(BIN)/pybabel --quiet compile --domain django --directory locale --locale $*

setup: $(VENV)/.requirements $(MO_FILES)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) extend_occurrences

$(VNU_STAMP): | $(BIN)/python
	rm -rf $(VENV)/vnu
	npm install --silent --prefix $(VENV)/vnu --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)
	touch $@

setup-dev: $(VENV)/.requirements-dev $(VNU_STAMP) $(MO_FILES)

run: setup
	@PORT=$(PORT) MANAGE="$(MANAGE)" bash scripts/serve.sh

test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=convene.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=convene.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache $(MO_FILES)
