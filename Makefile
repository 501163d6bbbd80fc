# Two commands for a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@# OCR (OpenCV) needs libGL; as root, install it when missing (docs/ocr.md)
	@ldconfig -p | grep -q libGL.so.1 || [ "$$(id -u)" != 0 ] || { apt-get update -qq && apt-get install -y -qq libgl1 libglib2.0-0; }
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/zonestats run

# The browser tests get a process of their own: Playwright's sync API runs on greenlets,
# and a session that ran them and then the crash test failed with CPython 3.11's
# "AST constructor recursion depth mismatch" (each passes in its own process).
test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not browser"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m browser

clean:
	rm -rf var warehouse data/inbox dbt_project/target dbt_project/logs
