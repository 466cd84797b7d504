# Two commands matter: `make run` (set up everything and serve on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install browser-test-deps migrate demo test serve bench bench-quick messages check-deploy clean

# Translations: locale/<feature>/vi/LC_MESSAGES/django.po, compiled to .mo (not committed).
PO_FILES := $(shell find locale -name '*.po')
MO_FILES := $(PO_FILES:.po=.mo)
%.mo: %.po
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed $(MO_FILES)

migrate: install
	$(PY) manage.py migrate --noinput

# Each loader is idempotent; showrooms and events attach to the catalogue's demo producers.
demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py load_showrooms_demo
	$(PY) manage.py load_events_demo
	$(PY) manage.py load_inspections_demo  # a few post-inspections on the demo products
	$(PY) manage.py make_thumbnails  # photos of a database made before renditions existed

run: demo
	@echo ""
	@echo "OCOP Hà Nội is running at http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "To sign in at /admin/, create a staff login first:  $(PY) manage.py createsuperuser"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for tests/browser/test_accessibility.py, pinned in tests/browser/package-lock.json.
# Only `make test` wants it (never `make run`); without npm that test is skipped (fails with CI=true).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

browser-test-deps:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm not found: the accessibility test will be skipped (npm ci --prefix tests/browser)"; fi

test: install browser-test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# `make bench` (20,000 products), `make bench ARGS=--large` (100,000), `make bench-quick` (CI).
bench: install
	$(PY) bench/run.py $(ARGS)

bench-quick: install
	$(PY) bench/run.py --quick $(ARGS)

check-deploy: install
	DJANGO_SETTINGS_MODULE=ocop_site.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		ALLOWED_HOSTS=ocop.example.vn $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
