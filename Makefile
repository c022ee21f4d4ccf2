# The two commands a new user needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.install-stamp

.PHONY: install run test

# System packages (Voikko, Chromium), then the virtual environment; redone only
# when pyproject.toml or the system install script changes.
$(STAMP): pyproject.toml .ci/install-system.sh
	bash .ci/install-system.sh
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/alueverkko ingest samples/
	$(VENV)/bin/alueverkko serve

test: install
	$(VENV)/bin/pytest
