# Two commands matter: `make run` and `make test`. Each target is a one-liner you can copy.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements

.PHONY: run test lint fmt bench worker sender beat migrate seed install lock audit messages

# Development and tests install requirements-dev.txt (the runtime set plus test tools);
# production installs requirements.txt only. Both are pinned with hashes (make lock).
$(INSTALLED): requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	cp requirements-dev.txt $(INSTALLED)

install: $(INSTALLED)

# axe-core for the browser tests, from the npm registry (skipped when npm is absent;
# the browser tests then skip unless E2E_REQUIRED=1, as in CI).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi

run: export DEBUG := true
run: export DEMO_SKIP_MFA := true
run: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

# Compiles the translations first when GNU gettext is installed (CI installs it); without it the
# site shows English, as it does today, and the tests still run.
test: $(INSTALLED) node_modules/axe-core/axe.min.js
	if command -v msgfmt >/dev/null; then $(COMPILEMESSAGES); fi
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

fmt: $(INSTALLED)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Needs DATABASE_URL (PostgreSQL), REDIS_URL and wrk (apt-get install wrk); one benchmark: make bench BENCH=pages
bench: $(INSTALLED)
	$(BIN)/python bench/run.py $(BENCH)

# The default queue (beat's scans, reminders, clean-up) on a prefork pool...
worker: $(INSTALLED)
	$(BIN)/celery -A peersupport worker -Q celery --loglevel=info

# ...and the send queue (emails and texts) on threads: sends wait on the provider, not the CPU.
SEND_CONCURRENCY ?= 32
sender: $(INSTALLED)
	$(BIN)/celery -A peersupport worker -Q send -P threads --concurrency=$(SEND_CONCURRENCY) --loglevel=info

beat: $(INSTALLED)
	$(BIN)/celery -A peersupport beat --loglevel=info

migrate: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput

# After editing requirements.in or requirements-dev.in: pin every dependency with its hashes.
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(INSTALLED)
	$(PIP_COMPILE) -o requirements.txt requirements.in && $(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

# Known vulnerabilities in the runtime set (PyPI's advisory data). Exit 2, saying so, when the
# service cannot be reached: an audit that checked nothing must not look like a clean one.
audit: $(INSTALLED)
	@out=$$($(BIN)/pip-audit --strict --disable-pip --require-hashes -r requirements.txt --progress-spinner off 2>&1); rc=$$?; \
	echo "$$out"; \
	if echo "$$out" | grep -qE "could not be audited|ConnectionError|Max retries|Name or service not known"; then \
	  echo "make audit: PyPI's vulnerability data could not be reached from this machine, so nothing was checked."; \
	  echo "Run make audit where https://pypi.org is reachable (e.g. in your CI with internet access)."; exit 2; \
	fi; exit $$rc

# Translations (te reo Māori, issue 14): collect every string marked for translation into
# locale/mi/LC_MESSAGES/django.po, then compile it. Needs GNU gettext (apt-get install gettext).
# There is no translatable JavaScript, so no djangojs domain.
COMPILEMESSAGES := DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules
messages: $(INSTALLED)
	DEBUG=true $(BIN)/python manage.py makemessages -l mi --no-obsolete --ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*' --ignore='static/*' --ignore='staticfiles/*' --ignore='var/*' && $(BIN)/python locale/mi/glossary.py locale/mi/LC_MESSAGES/django.po && $(COMPILEMESSAGES)

seed: export DEBUG := true
seed: $(INSTALLED)
	$(BIN)/python manage.py seed_demo
