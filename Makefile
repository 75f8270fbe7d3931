# dundian — two commands on a fresh machine:
#   make run   venv, runtime requirements, migrate, reference + demo data, serve on $(HOST):$(PORT)
#   make test  development requirements too (pytest, Playwright, ruff …), then the whole test suite
# make run PORT=8080 HOST=0.0.0.0 serves elsewhere; Ctrl+C stops the server and its Celery worker.
# make dev: the same with DEBUG on (Django's debug pages, auto-reload), for developers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Exported so that settings.SITE_URL (links in e-mails) follows the address being served.
export HOST PORT

.PHONY: run dev test install install-runtime migrate demo static lint format worker beat check-deploy clean

# Runtime only (what serving the app needs): make run, worker, beat, check-deploy.
$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Development tools on top (pytest, Playwright, ruff, bandit, pip-audit): make test, lint, format.
$(VENV)/.installed: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install-runtime: $(VENV)/.runtime

install: $(VENV)/.installed

migrate: install-runtime
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

static: install-runtime
	$(PY) manage.py collectstatic --noinput --verbosity 0

# One Celery worker with its embedded beat (-B: one command, so exactly one beat)
# runs in the background against the no-server filesystem broker (var/broker)
# and stops with the server. Its log: var/celery.log. WORKER=0 skips it.
# `make run` serves as users see it: DEBUG off, so a missing or another team's
# record gets the Chinese 404 page (never Django's debug page with the URL list),
# and whitenoise serves the collected static files. `make dev` keeps DEBUG on.
WORKER ?= 1
define serve
	@mkdir -p var; if [ "$(WORKER)" = "1" ]; then \
		$(VENV)/bin/celery -A dundian worker --pool=solo --beat --loglevel=INFO --logfile=var/celery.log & \
		celery_pid=$$!; trap 'kill $$celery_pid 2>/dev/null' EXIT INT TERM; \
		echo "Celery worker + beat started (pid $$celery_pid, log var/celery.log)"; \
	fi; \
	DEBUG=$(1) $(PY) manage.py runserver $(HOST):$(PORT)
endef

run: demo static
	$(call serve,0)

dev: demo
	$(call serve,1)

# Production-style: one or more workers, and exactly one beat, as separate processes.
worker: install-runtime
	$(VENV)/bin/celery -A dundian worker --loglevel=INFO

beat: install-runtime
	$(VENV)/bin/celery -A dundian beat --loglevel=INFO

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install-runtime
	DUNDIAN_PRODUCTION=1 SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-key-xyz ALLOWED_HOSTS=dundian.example.org \
		FIELD_ENCRYPTION_KEYS=$$($(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
		FIELD_HASH_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-hash-key \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles var
