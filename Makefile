# Two commands matter: `make run` and `make test`. Each target is a one-liner you can copy.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-requirements

.PHONY: run test lint fmt bench worker beat migrate seed install

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	cp requirements.txt $(INSTALLED)

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

test: $(INSTALLED) node_modules/axe-core/axe.min.js
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

fmt: $(INSTALLED)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(INSTALLED)
	$(BIN)/python bench/run.py

worker: $(INSTALLED)
	$(BIN)/celery -A peersupport worker --loglevel=info

beat: $(INSTALLED)
	$(BIN)/celery -A peersupport beat --loglevel=info

migrate: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput

seed: export DEBUG := true
seed: $(INSTALLED)
	$(BIN)/python manage.py seed_demo
