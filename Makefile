# TMS Assistant. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
MODEL   := models/tms-assistant.tar.gz
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

TRAINING_INPUTS := config.yml $(wildcard domain/*.yml) $(wildcard data/nlu/*.yml) data/stories.yml data/rules.yml data/handoff_rules.yml
SOURCE_DATA := $(wildcard data/content/*.yml) data/safety/hotlines.yml $(wildcard data/screening/*.yml) $(wildcard .env)
RASA_DATA := --domain domain --data data/nlu data/stories.yml data/rules.yml data/handoff_rules.yml

.PHONY: help setup build train run test bench safety-eval shell staff-user widget clean services services-install services-stop services-status

help:
	@echo "make run    set up (venv, install, train if needed) and start the bot"
	@echo "make test   set up and run the whole test suite"
	@echo "make bench  benchmark: training, start-up, memory, accuracy, latency"
	@echo "make safety-eval  crisis detector recall and false alarms per set and category"
	@echo "make shell  talk to the bot in the terminal (rasa shell)"
	@echo "make staff-user NAME=alice [ROLE=admin]  create a staff console account"
	@echo "make services   start PostgreSQL, Redis and nginx for DEPLOYMENT_PROFILE=production"

$(VENV)/.installed: pyproject.toml
	@PY310=$$(scripts/find-python310) && echo "using $$PY310" && \
	  { [ -x $(PY) ] || $$PY310 -m venv $(VENV); }
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed

# Generated Rasa files come from the reviewed data (content, hotlines, screening, .env).
build: setup
	@$(PY) -m bot.build

$(MODEL): $(TRAINING_INPUTS) $(SOURCE_DATA) | build
	$(BIN)/rasa train $(RASA_DATA) --config config.yml --out models --fixed-model-name tms-assistant

train: build
	@$(MAKE) --no-print-directory $(MODEL)

run: train
	$(PY) -m bot.run

# The scale tests start their own PostgreSQL, Redis and nginx (Debian packages) on free loopback ports.
test: train services-install
	@scripts/ensure-chromium
	$(PY) -m pytest

bench: train
	$(PY) -m bench.run

# Per-category recall and false alarms of the crisis detector on every evaluation set (tests/data/README.md).
safety-eval: setup
	$(PY) -m bot.safety.evaluate

shell: train
	$(BIN)/rasa shell --model $(MODEL) --endpoints endpoints.yml

# The widget bundle (bot/web/static/widget.js) is committed; this rebuilds it from web/widget/.
widget:
	cd web/widget && npm ci --no-audit --no-fund && npm run build

staff-user: setup
	$(PY) -m bot staff create-user $(NAME) --role $(or $(ROLE),staff)

# Production profile on one machine (docs/production.md): PostgreSQL, Redis and nginx on loopback.
services-install:
	@scripts/services.sh install
services: setup services-install
	scripts/services.sh start
services-stop:
	scripts/services.sh stop
services-status:
	scripts/services.sh status

clean:
	rm -rf models results .pytest_cache
