# reportgen: the two commands a new user needs are `make demo` and `make test`.
# Both create the virtual environment in .venv and install reportgen into it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MEETINGS ?= meetings

.PHONY: demo test check build lint system-deps clean

demo: $(STAMP)  ## build the example session into build/
	$(BIN)/reportgen build $(MEETINGS)/ctoc-cop-wg7-2017 --out build

build: $(STAMP)  ## build every session under meetings/
	$(BIN)/reportgen build $(MEETINGS) --out build

check: $(STAMP)  ## check every session under meetings/, write nothing
	$(BIN)/reportgen check $(MEETINGS)

test: $(STAMP) system-deps  ## run the test suite
	$(BIN)/python -m pytest

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
