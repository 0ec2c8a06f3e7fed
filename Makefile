# Two commands do all the set-up on a fresh machine with Python 3.11+ and git:
#   make demo   venv, install, migrate, reference data, demo province, static files; gunicorn and the job worker
#               on 127.0.0.1:8000 (Ctrl-C stops both)
#   make test   venv, install (with test tools), the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PERSONS ?= 20000
MONTHS ?= 13
SEED ?= 1
PROVINCE ?= 20
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2

.PHONY: demo test install lint serve clean-demo bench

$(STAMP): pyproject.toml constraints.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: export ANSINH_DEMO = 1
demo: $(STAMP)
	$(BIN)/ansinh demo --persons $(PERSONS) --months $(MONTHS) --seed $(SEED) --province $(PROVINCE)
	$(BIN)/ansinh serve --bind $(HOST)

serve: export ANSINH_DEMO = 1
serve: $(STAMP)  # the demo's server and worker again, on the database already built
	$(BIN)/ansinh collectstatic --noinput --verbosity 0
	$(BIN)/ansinh serve --bind $(HOST)

test: $(STAMP)
	$(BIN)/ansinh compile_translations --quiet
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src bench
	$(BIN)/lint-imports
	$(BIN)/ansinh makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean-demo:
	rm -f var/ansinh.sqlite3 var/ansinh.sqlite3-wal var/ansinh.sqlite3-shm
