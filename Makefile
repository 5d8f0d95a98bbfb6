# make run: set up .venv, compile the catalogs, start the bot (console chat without BOT_TOKEN).
# make test: set up .venv if needed, then lint, type-check and run every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/relais.po))

.PHONY: run test check catalogs bench lock fonts clean

run: $(STAMP) catalogs
	$(BIN)/python -m bot

test: $(STAMP) catalogs
	$(BIN)/ruff check bot tests
	$(BIN)/ruff format --check bot tests
	$(BIN)/mypy
	$(BIN)/python -m bot kb check
	$(BIN)/python -m bot kb lint > /dev/null || $(BIN)/python -m bot kb lint
	$(BIN)/python -m pytest -q

check: $(STAMP) catalogs
	$(BIN)/python -m bot kb check
	$(BIN)/python -m bot kb lint > /dev/null || $(BIN)/python -m bot kb lint

catalogs: $(STAMP) $(CATALOGS)

locales/%/LC_MESSAGES/relais.mo: locales/%/LC_MESSAGES/relais.po
	$(BIN)/pybabel compile --statistics -d locales -D relais -l $* 2>&1 | tail -1

bench: $(STAMP) catalogs
	$(BIN)/python -m bot bench

# Exact versions with their hashes come from requirements.lock; pyproject.toml keeps lower bounds.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Refresh requirements.lock after a change of dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
		-o requirements.lock pyproject.toml

# Make the fonts of the printed sheets again, after the knowledge base uses a new character.
# Needs the full Noto fonts: apt-get install fonts-noto-core fonts-noto-cjk (not at run time).
fonts: $(STAMP)
	$(BIN)/python -m bot.sheets.subset

clean:
	rm -rf $(VENV) locales/*/LC_MESSAGES/*.mo
