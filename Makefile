# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make serve   build the site with the seed campaigns and serve it at http://127.0.0.1:8000
#   make test    run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

# Debian packages the build or the tests need; installed by `make system-deps` when missing.
# One line per need, with the reason.
DEBIAN_PACKAGES :=
DEBIAN_PACKAGES += chromium  # browser tests (Playwright drives Debian's chromium; no browser download)
DEBIAN_PACKAGES += nginx  # serves the built site in the browser tests as in production (deploy/nginx.conf.j2)

.PHONY: build serve test validate clean system-deps

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(VENV)/.installed: requirements.txt
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)  # an existing venv (or a link to one) is reused
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

validate: $(VENV)/.installed
	$(PY) -m scripts validate

build: $(VENV)/.installed system-deps
	$(PY) -m scripts build

serve: build
	$(PY) -m scripts.serve --directory site --port 8000

test: $(VENV)/.installed system-deps
	$(PY) -m pytest -q

clean:
	rm -rf site .build-*
