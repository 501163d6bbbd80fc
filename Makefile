# Two commands for a fresh machine: `make run` and `make test`. Both install exactly the
# locked set (uv.lock) into .venv first; `make lock` refreshes the lock after a change
# to pyproject.toml's dependencies.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# uv itself comes from PyPI into a venv of its own (bootstrap only; works where the
# system Python refuses `pip install --user`); a uv already on PATH is used as it is
UV      := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

.PHONY: run test test-fast venv lock clean

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet uv

# --frozen: install exactly what uv.lock says, never re-resolve
$(STAMP): pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --extra dev --python $(PY)
	touch $(STAMP)

venv: $(STAMP)

lock: | $(UV)
	$(UV) lock

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

# The edit loop: every test but the end-to-end ones (servers, warehouse builds) and the
# browser, ruff and the import layers included (tests/test_lint.py); sqlfluff, which
# compiles the dbt project, runs with the slow tests in `make test`.
test-fast: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not slow and not browser" -q

clean:
	rm -rf var warehouse data/inbox dbt_project/target dbt_project/logs
