# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make serve   build the site with the seed campaigns and serve it at http://127.0.0.1:8000,
#                rebuilding what each saved change touches (live preview)
#   make test    run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

# Debian packages the build or the tests need; installed by `make system-deps` when missing.
# One line per need, with the reason.
DEBIAN_PACKAGES :=
DEBIAN_PACKAGES += libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint renders the printable PDFs
DEBIAN_PACKAGES += fonts-dejavu-core fonts-dejavu-extra  # fonts embedded in the PDFs (cover Kazakh letters), by file path
DEBIAN_PACKAGES += poppler-utils  # the build draws the site's PNG icons (pdftocairo); tests read the PDFs: pdffonts, pdftotext, pdftoppm, pdfimages
DEBIAN_PACKAGES += fonts-liberation  # browser tests measure the layout with Arial's metrics (Liberation Sans: the site's font stack on Linux), close to phones' own fonts; without it Chromium falls back to the much wider DejaVu Sans
DEBIAN_PACKAGES += chromium  # headless browser for tests: print stylesheet, offline copy from disk, browser tests (Playwright; never a downloaded browser)
DEBIAN_PACKAGES += nginx  # serves the built site in the browser tests as in production (deploy/nginx.conf.j2)

# Node.js and npm, for the pinned npm tools below; Debian's packages only where no node is installed
# (a machine may have Node.js from elsewhere, e.g. NodeSource's, which brings its own npm).
NODE_PACKAGES := nodejs npm
# npm tools, exactly as tools/package-lock.json pins them, in tools/node_modules (not committed):
# html-validate (make test checks the built pages' HTML) and Lighthouse (make audit).
NODE_TOOLS := tools/node_modules/.installed

.PHONY: build serve test validate clean system-deps translations translations-update check-links new-campaign bench audit

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing $(NODE_PACKAGES)"; \
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

# Editors' commands (see CONTRIBUTING.md)
translations: $(VENV)/.installed
	$(PY) -m scripts translations

# After translators finish: record the finished translations. ACCEPT=KEY also records KEY as it is.
translations-update: $(VENV)/.installed
	$(PY) -m scripts translations --update $(if $(ACCEPT),--accept "$(ACCEPT)")

check-links: build
	$(PY) -m scripts check-links

new-campaign: $(VENV)/.installed
	@if [ -z "$(SLUG)" ]; then echo "Usage: make new-campaign SLUG=safe-summer-2025" >&2; exit 2; fi
	$(PY) -m scripts new-campaign "$(SLUG)"

build: $(VENV)/.installed system-deps
	$(PY) -m scripts build

# The live preview (scripts/publish/preview.py): builds the site in memory and a temporary folder, serves
# it, and rebuilds what each saved change touches; `make build` still makes the published site.
serve: $(VENV)/.installed system-deps
	$(PY) -m scripts.publish.preview --port 8000

# In parallel, one process per core (pytest-xdist). Each test module runs in one process
# (--dist loadfile), so that what a module sets up once (a server, a browser, its sites) is set up
# once; the sites several modules read are built once for all (tests/conftest.py). (xdist's
# loadgroup would be finer, but with pytest 9 it no longer groups anything.) The ten slowest are shown.
test: $(VENV)/.installed system-deps $(NODE_TOOLS)
	$(PY) -m pytest -q -n auto --dist loadfile --durations=10

$(NODE_TOOLS): tools/package.json tools/package-lock.json | system-deps
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse on one page of every kind, kk/ru/en, phone and desktop, behind the production nginx
# configuration (scripts/dev/audit.py); exit status 1 below 100 (95 for performance). Several minutes.
audit: build $(NODE_TOOLS)
	CHROME_PATH=/usr/bin/chromium $(PY) -m scripts.dev.audit --site-dir site

# Speed and size figures (seed site, synthetic N = 100 and 300, bare Material baseline);
# a few minutes on 2 cores. Not part of `make test`.
bench: $(VENV)/.installed system-deps
	$(PY) -m scripts.dev.bench

clean:
	rm -rf site .build-*
