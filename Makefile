VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.installed

.PHONY: install test generate run clean bench bench-quick bench-instructions

# $(call venv,DIR): create DIR with the newest Python >= 3.13 (tools/find-python.sh says what is missing
# when there is none), and refuse an existing DIR on an older Python: the embedded server needs 3.13
define venv
	@test -x $(1)/bin/python || { python="$$(sh tools/find-python.sh)" && "$$python" -m venv $(1); }
	@$(1)/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 13))' || { \
	    echo "error: $(1) runs $$($(1)/bin/python -V 2>&1), and the embedded server needs Python >= 3.13:" \
	         "rm -rf $(1) (or make clean), then make install" >&2; exit 1; }
endef

install: $(STAMP)

$(STAMP): pyproject.toml
	$(call venv,$(VENV))
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,embedded,example]"
	@touch $(STAMP)

generate: $(STAMP)
	$(PY) tools/unasync.py

test: $(STAMP)
	$(PY) tools/unasync.py --check
	$(PY) tools/import_graph.py
	$(PY) -m ruff check src tests tools example benchmarks
	$(PY) -m ruff format --check src tests tools example benchmarks
	$(PY) -m mypy
	@sh tools/ensure-chromium.sh
	$(PY) -m pytest

run: $(STAMP)
	$(PY) -m example

# the peers go into a venv of their own, so that none of their pins ever changes .venv
$(BENCH_STAMP): pyproject.toml benchmarks/requirements.txt
	$(call venv,$(BENCH_VENV))
	$(BENCH_PY) -m pip install --quiet --upgrade pip
	$(BENCH_PY) -m pip install --quiet -e ".[embedded]" -r benchmarks/requirements.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_PY) -m benchmarks
	$(BENCH_PY) -m benchmarks.charts

bench-quick: $(BENCH_STAMP)
	$(BENCH_PY) -m benchmarks --quick

# instructions per operation of raw PyMongo, the Pydantic floor and mongodb_rest, counted by callgrind
bench-instructions: $(BENCH_STAMP)
	$(BENCH_PY) -m benchmarks.instructions

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .ruff_cache
