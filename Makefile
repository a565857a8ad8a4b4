# Comptoir — every target creates or reuses .venv at the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export QT_API := pyside6

.PHONY: run test lint typecheck unit simulator translations bench package clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pos-app $(ARGS)

simulator: $(STAMP)
	$(BIN)/pos-app-simulator $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck unit

# Extract strings into resources/translations/*.ts and compile pos_app/_generated/translations/*.qm.
translations: $(STAMP)
	$(BIN)/python scripts/update_translations.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
