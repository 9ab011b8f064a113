# One command per habit. `make run` and `make test` do all the set-up a fresh machine needs.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DB     := data/landscape.duckdb
INPUTS := $(wildcard seeds/*) $(wildcard data/*.csv) $(wildcard data/curated/*.csv)
PORT   ?= 8501
APT    := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: setup system-deps build run test lint eval fit-confidence bench screenshots clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Debian's chromium drives the browser tests and kaleido's image export; LibreOffice and
# poppler render decks to PNG for the deck test. Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-impress"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v fc-list >/dev/null && fc-list | grep -qi noto.*cjk || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq --no-install-recommends $$missing; \
	fi

$(DB): $(INPUTS) | $(STAMP)
	$(PY) -m landscape build

build: setup
	$(PY) -m landscape build

run: setup $(DB)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: setup system-deps
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check landscape tests views app.py scripts bench

eval: setup
	$(PY) -m landscape.extract.evaluate

# Refit the extracted figures' confidence model on the cached real-news development articles: rewrites
# landscape/extract/confidence_weights.json and SHOW_THRESHOLD / MEASURED_PRECISION in calibration.py.
fit-confidence: setup
	$(PY) -m landscape.extract.fit_confidence

bench: setup system-deps
	$(PY) bench/run.py

screenshots: setup system-deps $(DB)
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(DB) $(DB).extract-cache $(DB).curated-cache data/.landscape.duckdb.building-*
