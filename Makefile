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

.PHONY: help install run migrate demo test lint format browser-deps office-deps vnu-deps serve worker bench bench-pages bench-experiences bench-import-served bench-surveys clean
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
# Background tasks: db_worker (database queue, default) or an RQ worker (TASKS_BACKEND=rq).
WORKER_CMD = $(if $(filter rq,$(TASKS_BACKEND)),rqworker default --with-scheduler,db_worker)
# Task workers `make serve` starts beside gunicorn (0 when they run elsewhere: deploy/).
TASK_WORKERS ?= 1
PROD := DJANGO_SETTINGS_MODULE=portal.settings.production

help: ## Liste les cibles
	@echo "Coopérer – cibles disponibles :"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/\1|\2/' | awk -F'|' '{printf "  make %-14s %s\n", $$1, $$2}'

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

install: $(STAMP) ## Crée .venv et installe les dépendances

migrate: install ## Applique les migrations de la base
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate ## Charge le contenu et les comptes de démo (idempotent)
	$(MANAGE) load_demo_content

run: demo ## Installe, migre, charge la démo, sert sur http://127.0.0.1:8000 avec un worker
	@echo "Coopérer : http://$(HOST):$(PORT)/ et un worker de tâches (Ctrl+C arrête les deux)"
	@$(MANAGE) $(WORKER_CMD) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install ## Lance un worker de tâches (db_worker, ou RQ si TASKS_BACKEND=rq)
	$(MANAGE) $(WORKER_CMD)

browser-deps: ## Installe Chromium (Debian) pour les tests navigateur s'il manque
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
		echo "Chromium manque : installation avec apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

lint: install ## ruff check, ruff format --check, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

office-deps: ## Installe LibreOffice Calc sans interface (tests d'import de fichiers) s'il manque
	@command -v soffice >/dev/null 2>&1 || { \
		echo "LibreOffice (soffice) manque : installation avec apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-calc-nogui; }

# The Nu HTML Checker (vnu.jar from the npm package vnu-jar) and the Java that runs it.
VNU_DIR := var/vnu
VNU_JAR := $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar
VNU_VERSION := 26.9.27

vnu-deps: ## Installe le validateur HTML (vnu-jar via npm, Java de Debian) s'il manque
	@command -v java >/dev/null 2>&1 || { \
		echo "Java manque : installation avec apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }
	@[ -f $(VNU_JAR) ] || { \
		command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm; }; \
		mkdir -p $(VNU_DIR) && npm install --silent --no-audit --no-fund --prefix $(VNU_DIR) vnu-jar@$(VNU_VERSION); }

test: install browser-deps office-deps vnu-deps lint ## Lance toute la suite (lint, tests, parcours navigateur, validateur HTML)
	$(BIN)/pytest $(PYTEST_ARGS)

format: install ## Formate et corrige le code avec ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: install ## Production : gunicorn + whitenoise + TASK_WORKERS workers (SECRET_KEY, ALLOWED_HOSTS requis)
	$(PROD) $(MANAGE) collectstatic --noinput
	$(PROD) $(MANAGE) migrate --noinput
	@workers=""; for i in $$(seq 1 $(TASK_WORKERS)); do \
		$(PROD) $(MANAGE) $(WORKER_CMD) & workers="$$workers $$!"; done; \
	trap '[ -z "$$workers" ] || { kill $$workers 2>/dev/null; wait $$workers 2>/dev/null; }' EXIT INT TERM; \
	echo "Coopérer (production) : http://$(HOST):$(PORT)/, $(TASK_WORKERS) worker(s) de tâches"; \
	$(PROD) $(BIN)/gunicorn portal.wsgi --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-3} --access-logfile -

bench: bench-pages bench-experiences bench-surveys ## Toutes les mesures de performance (voir bench/)

bench-pages: install ## Pages : requêtes/s de chaque type de page, en rapport au plancher (gunicorn + wrk)
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/python bench/pages.py

bench-experiences: install ## Réseau : GeoJSON, carte et import de 10 000 contacts (5 000 organisations), sur PostgreSQL
	$(BIN)/python bench/experiences.py --database-url $(BENCH_PG)/cooperer_experiences_bench

bench-import-served: install ## Import de 10 000 contacts de bout en bout par make serve (gunicorn + worker, PostgreSQL)
	$(BIN)/python bench/experiences.py --served --pg-server $(BENCH_PG)

bench-surveys: install ## Questionnaires vs wagtail.contrib.forms, 100 000 réponses, sur PostgreSQL
	DATABASE_URL=$(BENCH_PG)/cooperer_surveys_bench $(BIN)/python bench/surveys.py

clean: ## Supprime .venv et les données locales (base, médias, statiques)
	rm -rf $(VENV) var
