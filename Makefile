# reportgen: the two commands a new user needs are `make demo` and `make test`.
# Both create the virtual environment in .venv and install reportgen into it.
#
# CI and editors:
#   make build       build every session under meetings/ (only what changed)
#   make check       check every session under meetings/, write nothing
#   make test        run the test suite
#   make bench       benchmarks: medians and ratios, side by side
# Options: make build BUILD_FLAGS="--strict --force -j 4", make check CHECK_FLAGS=--strict.
# Project defaults (formats, output folder, PDF engine) are in reportgen.toml.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MEETINGS ?= meetings
BUILD_FLAGS ?=
CHECK_FLAGS ?=
BENCH_FLAGS ?=

.PHONY: demo test check build bench benchmark lint system-deps clean

demo: $(STAMP)  ## build the example session into build/
	$(BIN)/reportgen build $(MEETINGS)/ctoc-cop-wg7-2017

build: $(STAMP)  ## build every session under meetings/ into build/ (see reportgen.toml)
	$(BIN)/reportgen build $(MEETINGS) $(BUILD_FLAGS)

check: $(STAMP)  ## check every session under meetings/, write nothing
	$(BIN)/reportgen check $(MEETINGS) $(CHECK_FLAGS)

test: $(STAMP) system-deps  ## run the test suite
	$(BIN)/python -m pytest

bench benchmark: $(STAMP) system-deps  ## benchmarks (a few minutes): medians and ratios
	$(BIN)/python benchmarks/bench_build.py $(BENCH_FLAGS)
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_watch.py
	$(BIN)/python benchmarks/bench_languages.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

# LibreOffice (tests convert our DOCX with it), poppler (pdftotext, pdftoppm)
# and Liberation fonts come from Debian; installed when missing and possible.
system-deps:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf build .pytest_cache
