# Jixiao developer targets. `make check` is what CI (.ci/run) runs after installing.
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
DB ?= data/jixiao.duckdb
MAX_LINES ?= 400
CODE := $(wildcard loaders queries dashboard tests)

.PHONY: setup lint format test score ingest reports app check max-lines

setup:            ## install the package with the test extras into $(VENV)
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'

format:           ## rewrite formatting (your own files: commit only what you own)
	$(VENV)/bin/ruff format $(CODE)

lint: max-lines   ## format check, lint, types, import contracts, module size
	$(VENV)/bin/ruff format --check $(CODE)
	$(VENV)/bin/ruff check $(CODE)
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

max-lines:        ## every module stays small (style guide: <= 400 lines)
	@too_long=$$(find $(CODE) -name '*.py' -exec wc -l {} + \
		| awk -v max=$(MAX_LINES) '$$2 != "total" && $$1 > max {print $$2 " (" $$1 " lines)"}'); \
	if [ -n "$$too_long" ]; then echo "modules over $(MAX_LINES) lines:"; echo "$$too_long"; exit 1; fi

test:             ## every test
	$(VENV)/bin/pytest

score:            ## the shared extraction-contract scorer on the seed reports, must be 100%
	$(PY) $(SHARED)/contract/score.py --cases $(SHARED)/contract/seed-facts \
		--files $(SHARED)/seeds --cmd "$(PY) -m loaders extract" --min 100

ingest:           ## (re)load the bundled reports into $(DB)
	$(VENV)/bin/jixiao ingest data/reports --db $(DB)

reports: ingest   ## print the reports table
	$(VENV)/bin/jixiao query reports --db $(DB)

app:              ## the dashboard (until `jixiao serve` lands: streamlit directly)
	$(VENV)/bin/streamlit run dashboard/app.py

check: lint test score
