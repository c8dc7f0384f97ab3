# Trygghet: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests and the benchmark run on PostgreSQL; the local server by default.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/trygghet
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
TEST_CACHE_URL ?= redis://127.0.0.1:6379/14

.PHONY: setup run serve test bench messages check-deploy clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The demo: SQLite and a filesystem broker unless DATABASE_URL / REDIS_URL say otherwise.
run: export DEBUG ?= true
run: export MAP_TILES_URL ?= https://tile.openstreetmap.org/{z}/{x}/{y}.png
run: export WEB_ADDRESS := $(HOST):$(PORT)
run: setup
	mkdir -p var/broker/queue var/broker/processed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(BIN)/honcho -f Procfile.dev start

test: setup
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
		CACHE_URL="$${CACHE_URL:-$(TEST_CACHE_URL)}" bash scripts/test.sh $(ARGS)

# The benches share one database of a million rows (bench/dataset.py), dropped after the last,
# and run with a shared cache, as production does (its own Redis database).
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/11
bench: export CACHE_URL ?= $(BENCH_CACHE_URL)
bench: setup
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" TRYGGHET_TESTING=true BENCH_KEEP_DATABASE=true \
		$(PY) -m bench.lagesbild
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" TRYGGHET_TESTING=true BENCH_KEEP_DATABASE=true \
		$(PY) -m bench.maps
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" TRYGGHET_TESTING=true BENCH_KEEP_DATABASE=true \
		$(PY) -m bench.scale
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" TRYGGHET_TESTING=true \
		$(PY) -m bench.exports
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" TRYGGHET_TESTING=true $(PY) -m bench.dataset --drop

messages: setup
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=static \
		&& $(PY) manage.py makemessages -d djangojs -l en --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=staticfiles \
		&& $(PY) manage.py compilemessages --ignore=.venv

check-deploy: setup
	DEBUG=false SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=trygghet.example.se \
		DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles
