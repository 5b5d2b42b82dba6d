# TMS Assistant. `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
MODEL   := models/tms-assistant.tar.gz
LOG     := var/log
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# The training data is listed once, in bot/training.py (standard library only: no virtualenv needed to ask).
TRAINING_DATA := $(shell python3 -m bot.training)
TRAINING_INPUTS := config.yml $(wildcard domain/*.yml) $(foreach p,$(TRAINING_DATA),$(or $(wildcard $(p)/*.yml),$(p)))
SOURCE_DATA := $(wildcard data/content/*.yml) data/safety/hotlines.yml $(wildcard data/screening/*.yml) $(wildcard .env)
# Code that shapes what training learns: Rasa's cache does not see it, so a change forces a full training.
MODEL_CODE := $(wildcard components/*.py) bot/ngrams.py
RASA_DATA := --domain domain --data $(TRAINING_DATA)

.PHONY: help setup build train run test test-without-model test-rasa test-unit lint bench safety-eval answers-eval shell staff-user widget clean services services-install services-stop services-status

help:
	@echo "make run    set up (venv, install, train if needed) and start the bot"
	@echo "make test   set up, lint and run the whole test suite"
	@echo "make test-unit  the unit tier only: no servers, a few minutes (most of it fitting the crisis classifier)"
	@echo "make lint   ruff and mypy over bot/ actions/ channels/ components/ tests/"
	@echo "make bench  benchmark: training, start-up, memory, accuracy, latency"
	@echo "make safety-eval  crisis detector recall and false alarms per set and category"
	@echo "make answers-eval  real-question answers: right, declined, wrong entry (held-out set)"
	@echo "make shell  talk to the bot in the terminal (rasa shell)"
	@echo "make staff-user NAME=alice [ROLE=admin]  create a staff console account"
	@echo "make services   start PostgreSQL, Redis and nginx for DEPLOYMENT_PROFILE=production"

# Dependency noise (pip, TensorFlow, deprecation warnings) goes to $(LOG)/; the terminal gets one line per step.
# uv (from PyPI) resolves to the same versions as pip and installs in about a minute where pip takes nearly 4;
# bytecode compiled at install, as pip does (else every first import compiles, and third-party warnings show).
# If uv fails, pip does the install.
UV := uv==0.13.9
$(VENV)/.installed: pyproject.toml
	@mkdir -p $(LOG)
	@PY310=$$(scripts/find-python310) && echo "using $$PY310" && \
	  { [ -x $(PY) ] || $$PY310 -m venv $(VENV); }
	@echo "installing dependencies (first time: a minute or more; output in $(LOG)/install.log)"
	@{ $(BIN)/pip install --disable-pip-version-check '$(UV)' && $(BIN)/uv pip install --compile-bytecode --python $(PY) -e '.[dev]'; } \
	  > $(LOG)/install.log 2>&1 \
	  || { echo "uv could not install; trying pip" >> $(LOG)/install.log && \
	       $(BIN)/pip install --disable-pip-version-check -e '.[dev]' >> $(LOG)/install.log 2>&1; } \
	  || { tail -n 30 $(LOG)/install.log; echo "install failed: see $(LOG)/install.log"; exit 1; }
	@touch $@

setup: $(VENV)/.installed

# Generated Rasa files come from the reviewed data (content, hotlines, screening, .env).
build: setup
	@$(PY) -m bot.build

$(MODEL): $(TRAINING_INPUTS) $(SOURCE_DATA) $(MODEL_CODE) | build
	@mkdir -p $(LOG)
	@echo "training the model (a few minutes; output in $(LOG)/train.log)"
	@$(BIN)/rasa train $(RASA_DATA) --config config.yml --out models --fixed-model-name tms-assistant $(if $(filter $(MODEL_CODE),$?),--force) > $(LOG)/train.log 2>&1 \
	  || { tail -n 30 $(LOG)/train.log; echo "training failed: see $(LOG)/train.log"; exit 1; }
	@echo "model trained: $(MODEL)"

train: build
	@$(MAKE) --no-print-directory $(MODEL)

run: train
	@$(PY) -m bot.run

# axe-core for the browser tests' accessibility checks, from the npm registry (web/widget's devDependencies).
AXE := web/widget/node_modules/axe-core/axe.min.js

# The tests that need no model (tests/*.py) run while the model trains: each keeps one of the two cores busy;
# lint and Rasa's own checks (tests/rasa: data validation, e2e stories) take the core the training frees. Then
# the stack and scale tiers; the scale tests start their own PostgreSQL, Redis and nginx (Debian packages) on
# free loopback ports.
test: build services-install $(AXE)
	@scripts/ensure-chromium
	@$(MAKE) --no-print-directory -j2 $(MODEL) test-without-model test-rasa lint
	$(PY) -m pytest --durations=30 -m "not answers_eval" tests/integration tests/scale

# The unit tier's directories: everything but the tiers that need the model or the servers.
NEEDS_NO_MODEL := --ignore=tests/rasa --ignore=tests/integration --ignore=tests/scale

test-without-model: setup
	$(PY) -m pytest --durations=10 $(NEEDS_NO_MODEL)

test-rasa: $(MODEL)
	$(PY) -m pytest -q tests/rasa

$(AXE): web/widget/package-lock.json
	cd web/widget && npm ci --no-audit --no-fund
	@touch $@

# The unit tier (tests/conftest.py marks the tiers by directory; a few data checks are marked `slow`);
# hypothesis, a plugin only the stack's fuzz test uses, is not loaded.
test-unit: setup
	$(PY) -m pytest -q -m "not slow" -p no:hypothesispytest $(NEEDS_NO_MODEL)

# Zero findings, or the build fails (configuration in pyproject.toml).
lint: setup
	$(BIN)/ruff check bot actions channels components tests bench migrations
	$(BIN)/mypy

bench: train
	$(PY) -m bench.run $(if $(BASELINE),--baseline $(BASELINE)) $(if $(filter skip,$(REFERENCE)),--no-reference)

# Real-question figures of every set (tests/heldout/README.md): right answers, declines, wrong entries over a
# running stack, each against its floor (tests/integration/test_answers.py). One set: bot.answers.evaluate --start.
answers-eval: train
	$(PY) -m pytest -q -s tests/integration/test_answers.py -k real_questions

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
