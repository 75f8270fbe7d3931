# dundian — two commands on a fresh machine:
#   make run   venv, install, migrate, reference + demo data, serve on 127.0.0.1:8000
#   make test  the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format worker beat check-deploy clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# One Celery worker with its embedded beat (-B: one command, so exactly one beat)
# runs in the background against the no-server filesystem broker (var/broker)
# and stops with the server. Its log: var/celery.log. WORKER=0 skips it.
WORKER ?= 1
run: demo
	@mkdir -p var; if [ "$(WORKER)" = "1" ]; then \
		$(VENV)/bin/celery -A dundian worker --pool=solo --beat --loglevel=INFO --logfile=var/celery.log & \
		celery_pid=$$!; trap 'kill $$celery_pid 2>/dev/null' EXIT INT TERM; \
		echo "Celery worker + beat started (pid $$celery_pid, log var/celery.log)"; \
	fi; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-style: one or more workers, and exactly one beat, as separate processes.
worker: install
	$(VENV)/bin/celery -A dundian worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A dundian beat --loglevel=INFO

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DUNDIAN_PRODUCTION=1 SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-key-xyz ALLOWED_HOSTS=dundian.example.org \
		FIELD_ENCRYPTION_KEYS=$$($(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
		FIELD_HASH_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-hash-key \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles var
