"""One tree's Rasa and action server, for `make bench BASELINE=<commit>`: run with that tree first on PYTHONPATH
and as the working directory, so its own code (its `bot.run.Stack`) serves its own model, and an earlier commit
is compared code and model together. Prints READY once both answer; stops them when stdin closes.

Only this module's standard-library imports and the `Stack` interface every commit since the first has had
(`Stack(config, env, log_dir=, model=)`, `start`, `wait_ready`, `stop`) are used: it must run against old trees.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from unittest import mock

RASA_PORT, ACTION_PORT = "15905", "15955"


def overrides(work: Path) -> dict[str, str]:
    """Ports and state of a benchmarked stack: its own database and tracker under `work`."""
    return {"RASA_PORT": RASA_PORT, "ACTION_PORT": ACTION_PORT, "VAR_DIR": str(work / "var"),
            "DATABASE_URL": f"sqlite:///{work / 'var' / 'app.db'}", "TRACKER_DB": str(work / "var" / "tracker.db"),
            "MESSAGE_LIMIT_EXEMPT": "127.0.0.1"}  # the benchmark is one address at machine speed


def main(model: Path, work: Path) -> int:
    from bot.config import load_settings  # the tree's own, found through PYTHONPATH
    from bot.run import Stack, stack_env

    settings = overrides(work)
    with mock.patch.dict(os.environ, settings):
        config = load_settings(env_file=Path(os.devnull))
    stack = Stack(config, stack_env(config, settings), log_dir=work / "logs", model=model)
    stack.start("actions", "rasa")
    try:
        stack.wait_ready(timeout=600, names=("actions", "rasa"))
        print("READY", flush=True)
        sys.stdin.read()
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
