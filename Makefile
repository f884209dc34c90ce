# pcmt-notebooks — run `make help` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= seeds
OUT ?= reports
# Notebook parameters for `make report`, as NAME=VALUE words: PARAMS="date_from=2022 top_n=5"
PARAMS ?=
# Sizes of the generated corpora `make bench` measures memory on (BENCH_SIZES=1000,5000 for a quick look).
BENCH_SIZES ?= 10000,100000
# underthesea must never try to reach a model hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export MPLBACKEND := Agg

.PHONY: help install lint test test-unit test-notebooks notebooks report extract score bench clean

## Show this help.
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{ if (doc) { split($$1,t,":"); printf "  \033[1m%-16s\033[0m %s\n", t[1], doc }; doc="" }' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (pcmt)" >/dev/null
	touch $(STAMP)

## Create .venv/ with the package (editable) and its test tools.
install: $(STAMP)

## Check the code: ruff (style, imports, bugs) and mypy (types), as configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/python -m ruff check analysis tests scripts benchmarks
	$(BIN)/python -m mypy

## Run every check: the linter, then unit, golden, property tests and the notebooks under nbval.
test: lint
	$(BIN)/python -m pytest tests notebooks --nbval-lax -p no:cacheprovider

## Run the unit tests only (quick loop while editing the library).
test-unit: $(STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

## Execute the notebooks under nbval only.
test-notebooks: $(STAMP)
	$(BIN)/python -m pytest notebooks --nbval-lax -p no:cacheprovider

## Run the main job on CORPUS (default seeds/) and write OUT (default reports/); PARAMS="name=value ...".
report: $(STAMP)
	$(BIN)/python -m analysis report --corpus $(CORPUS) --out $(OUT) \
		$(foreach kv,$(PARAMS),-p $(firstword $(subst =, ,$(kv))) '$(patsubst $(firstword $(subst =, ,$(kv)))=%,%,$(kv))')

## Extract the tables of CORPUS into OUT/tables (CSV and Parquet).
extract: $(STAMP)
	$(BIN)/python -m analysis extract $(CORPUS) --out $(OUT)/tables

## Re-run the notebooks on seeds/ and store the outputs nbval checks (review the diff after).
notebooks: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py

## Print speed and memory on ../shared/corpora/unc vs plain underthesea and on generated corpora of BENCH_SIZES documents, WARC vs files, the report's time on UNC warm, and linking at 50,000 articles (benchmarks, not tests).
bench: $(STAMP)
	$(BIN)/python benchmarks/extract_bench.py --sizes $(BENCH_SIZES)
	$(BIN)/python benchmarks/warc_bench.py
	$(BIN)/python benchmarks/report_bench.py
	$(BIN)/python benchmarks/link_bench.py

## Remove the environment, caches and rendered reports.
clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
