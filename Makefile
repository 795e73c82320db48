# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make serve   build the site with the seed campaigns and serve it at http://127.0.0.1:8000
#   make test    run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test validate clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

validate: $(VENV)/.installed
	$(PY) -m scripts validate

build: $(VENV)/.installed
	$(PY) -m scripts build

serve: build
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) -m http.server --bind 127.0.0.1 --directory site 8000

test: $(VENV)/.installed
	$(PY) -m pytest -q

clean:
	rm -rf site .build-*
