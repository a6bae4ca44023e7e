# Coopérer – the two commands a newcomer needs: `make run` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: help install run migrate demo test lint format browser-deps serve bench clean

help: ## List the targets
	@echo "Coopérer – cibles disponibles :"
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 ou plus est requis"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python3-venv manque : installation avec apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the dependencies

migrate: install ## Apply the database migrations
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo content and accounts (idempotent)
	$(MANAGE) load_demo_content

run: demo ## Install, migrate, load the demo content, serve on http://127.0.0.1:8000
	@echo "Coopérer : http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter)"
	$(MANAGE) runserver $(HOST):$(PORT)

browser-deps: ## Install Debian's Chromium for the browser tests when it is missing
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
		echo "Chromium manque : installation avec apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

lint: install ## ruff check, ruff format --check, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

test: install browser-deps lint ## Run the whole suite (lint, unit, browser tests)
	$(BIN)/pytest $(PYTEST_ARGS)

format: install ## Format and fix the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: install ## Production server: gunicorn + whitenoise (needs SECRET_KEY, ALLOWED_HOSTS)
	DJANGO_SETTINGS_MODULE=portal.settings.production $(MANAGE) collectstatic --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/gunicorn portal.wsgi \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

bench: install ## Benchmarks: requests per second against the floor (see bench/)
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/python bench/pages.py

clean: ## Remove the virtualenv and local data (database, media, static)
	rm -rf $(VENV) var
