# Comptoir — every target creates or reuses .venv at the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export QT_API := pyside6

.PHONY: run test lint typecheck unit simulator translations bench bench-quick package clean

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

# The Linux one-folder bundle from packaging/comptoir.spec (the spec the Windows and macOS
# installers are built from, see .github/workflows/installers.yml), then its self-test.
PACKAGE_DEPS := $(VENV)/.packaging-installed

$(PACKAGE_DEPS): $(STAMP) packaging/requirements.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -r packaging/requirements.txt
	touch $(PACKAGE_DEPS)

package: $(PACKAGE_DEPS)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/comptoir.spec
	selftest=$$(mktemp -d) && QT_QPA_PLATFORM=offscreen COMPTOIR_DATA_DIR=$$selftest/data COMPTOIR_SETTINGS_DIR=$$selftest/settings dist/Comptoir/pos-app --self-test && rm -rf $$selftest
	du -sh dist/Comptoir

# Benchmarks (docs/benchmarks.md): one table, printed and written to docs/benchmarks.md.
# `bench` is the full measurement (about 30 min: the fleet runs for 10 minutes at its largest
# size); `bench-quick` is the short CI version of every script (about 2 min).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run

bench-quick: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run --quick --no-write

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
