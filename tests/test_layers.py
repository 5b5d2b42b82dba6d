"""The import graph keeps its shape: adapters over capabilities over the platform, no circles.

Read from the code's own `import` statements (including imports inside functions), so a lazy import
cannot hide an upward arrow or a circle. Layers, top to bottom:

* entry points and composition (`bot.run`, `bot.build`, `bot.__main__`, `bot.web.app`, ...): may import anything
  below; nothing below imports them (the build script is not a library);
* adapters (`actions`, `channels`, `components`): thin Rasa wiring, never importing another adapter;
* capabilities (`bot/<feature>/` and feature modules): may import each other without circles, and the platform;
* platform (`bot.config`, `bot.db`, `bot.review`, ...): imports nothing of ours above it.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from bot.config import ROOT

ADAPTERS = ("actions", "channels", "components")
ENTRY = {
    "bot.__main__", "bot.run", "bot.build", "bot.ops", "bot.migrate", "bot.schema", "bot.deploy", "bot.action_server",
    "bot.web.app", "bot.web.__main__",
    "bot.answers.evaluate",  # an evaluation script that starts the whole stack
}
PLATFORM = {"bot", "bot.config", "bot.db", "bot.review", "bot.retention", "bot.training", "bot.rasa_stores",
            "bot.conversation_ids", "bot.masking", "bot.ngrams"}


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("bot", *ADAPTERS):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from pkg import module` names the module; `from module import name` the module itself
            targets.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names)
    resolved = set()
    for target in targets:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            resolved.add(target)
    return resolved


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def layer(name: str) -> str:
    if name in ENTRY:
        return "entry"
    if name.split(".")[0] in ADAPTERS:
        return "adapter"
    if name in PLATFORM:
        return "platform"
    return "capability"


RANK = {"entry": 3, "adapter": 2, "capability": 1, "platform": 0}


def test_no_import_runs_up_a_layer_and_no_adapter_imports_another() -> None:
    wrong = []
    for name, targets in _graph().items():
        for target in targets:
            here, there = layer(name), layer(target)
            if here == there == "adapter":
                wrong.append(f"{name} -> {target} (adapters never import each other)")
            elif there == "entry" and here != "entry" or here in ("capability", "platform") and RANK[there] > RANK[here]:
                wrong.append(f"{name} ({here}) -> {target} ({there})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_circles() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not circles, circles


def test_the_layer_test_sees_real_arrows() -> None:
    """A guard against a walker that reads nothing: known arrows must be found."""
    graph = _graph()
    assert "bot.escalation.service" in graph["actions.actions"]
    assert "bot.db" in graph["bot.escalation.models"]
    assert "bot.screening.answers.text" in graph["bot.screening.answers.commands"]
    assert defaultdict(set, graph)["bot.config"] <= {"bot"}


def test_tests_never_import_the_benchmark() -> None:
    """The benchmark builds on the tests' harnesses (tests/support), never the other way round."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            wrong += [f"{path.relative_to(ROOT)} imports {name}" for name in names if name.split(".")[0] == "bench"]
    assert not wrong, "\n".join(wrong)
