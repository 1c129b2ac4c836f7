VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed

.PHONY: install test generate run clean bench bench-quick

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
	$(PY) -m ruff check src tests tools example benchmarks
	$(PY) -m ruff format --check src tests tools example benchmarks
	$(PY) -m mypy
	@sh tools/ensure-chromium.sh
	$(PY) -m pytest

run: $(STAMP)
	$(PY) -m example

# the peers go into a venv of their own, so that none of their pins ever changes .venv
$(BENCH_STAMP): pyproject.toml benchmarks/requirements.txt
	@test -x $(BENCH_PY) || "$$(sh tools/find-python.sh)" -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --upgrade pip
	$(BENCH_PY) -m pip install --quiet -e ".[embedded]" -r benchmarks/requirements.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_PY) -m benchmarks

bench-quick: $(BENCH_STAMP)
	$(BENCH_PY) -m benchmarks --quick

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .ruff_cache
