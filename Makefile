VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install test lint typecheck unit generate run clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(sh tools/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,embedded,example]"
	@touch $(STAMP)

generate: $(STAMP)
	$(PY) tools/unasync.py

test: $(STAMP)
	$(PY) tools/unasync.py --check
	$(PY) -m ruff check src tests tools example
	$(PY) -m ruff format --check src tests tools example
	$(PY) -m mypy
	@sh tools/ensure-chromium.sh
	$(PY) -m pytest

run: $(STAMP)
	$(PY) -m example

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
