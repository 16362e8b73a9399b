# Two commands for a newcomer: `make run` (the app on the bundled sample) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.app

run: $(VENV)/.app
	$(BIN)/python -m streamlit run app.py --server.port 8501 --browser.gatherUsageStats false

test: $(VENV)/.dev
	bash scripts/install_browser.sh
	bash scripts/install_java.sh
	$(BIN)/python -m pytest

screenshots: $(VENV)/.dev
	$(BIN)/python -m pytest tests/browser -k screenshots  # PNGs of every page, both languages, in shots/

bench: $(VENV)/.dev  # docs/benchmarks.md: machine, versions, figures of every benchmarks/bench_*.py (BENCH_ARGS=--small: 1M lines)
	[ .venv-bench/.peers -nt benchmarks/requirements-peers.txt ] || { $(PYTHON) -m venv .venv-bench && .venv-bench/bin/pip install -q -r benchmarks/requirements-peers.txt && touch .venv-bench/.peers; }
	$(BIN)/python benchmarks/make_report.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) shots .pytest_cache
