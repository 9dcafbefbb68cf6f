# Durchstarten portal. `make run` and `make test` do all the set-up they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_ENV := DEBUG=1

.PHONY: run test install catalogues migrate demo lint format clean

$(INSTALLED): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create a virtual environment: install python3-venv (sudo apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

install: $(INSTALLED)

catalogues: install
	@$(DEV_ENV) $(BIN)/python manage.py compile_catalogues

migrate: catalogues
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

# The web server at http://127.0.0.1:8000/ and the background task worker, until Ctrl-C.
run: demo
	@echo "Portal: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/   (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(DEV_ENV) $(BIN)/python manage.py db_worker & \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: catalogues
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles test-artifacts
	find locale -name '*.mo' -delete
