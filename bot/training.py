"""What `rasa train` and `rasa data validate` read, listed once: bot.run, the benchmark and the Makefile
(`python3 -m bot.training` prints it) all take it from here. Standard library only, so make can ask
before the virtualenv exists."""
from __future__ import annotations

TRAINING_DATA = ("data/nlu", "data/stories.yml", "data/rules.yml", "data/handoff_rules.yml")

if __name__ == "__main__":
    print(" ".join(TRAINING_DATA))
