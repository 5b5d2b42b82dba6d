"""`make bench`: training time, start-up time, memory, held-out NLU accuracy, REST latency, and the figures of
every held-out real-question and paraphrase set over the running stack.

Runs our configuration and, as the reference, Rasa's default (`rasa init`) configuration trained on
the same data, then prints our figures as ratios to the reference. Loopback only, bounded in count.
Writes bench/results/bench.json; keeps the reference model there while its inputs are unchanged.
`--baseline MODEL` (make bench BASELINE=MODEL) also measures an earlier model's stack in the same run, and
`--baseline COMMIT` (make bench BASELINE=d272553) an earlier commit's code and model, its stack and ours alternated;
either fails when a message p95 grew more than 10% over it (issues 11 and 12). `--no-reference` (make bench
REFERENCE=skip) leaves the reference out where there is no time to train it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import requests
import yaml
from rasa import __version__ as rasa_version

from bench.load import measure as measure_load
from bench.serve import RASA_PORT, overrides
from bot.answers.evaluate import evaluate as evaluate_answers
from bot.answers.evaluate import load_questions, rest_sender
from bot.config import ROOT, load_settings
from bot.run import BIN, Stack, stack_env
from bot.safety.context import ConversationContext
from bot.safety.detector import CrisisDetector
from bot.training import TRAINING_DATA

RESULTS = ROOT / "bench" / "results"
HELDOUT = yaml.safe_load((ROOT / "tests" / "data" / "faq_heldout.yml").read_text(encoding="utf-8"))
SAFETY_SETS = sorted((ROOT / "tests" / "data").glob("safety_eval*.yml"))
ANSWER_SETS = [*sorted((ROOT / "tests" / "heldout").glob("real_questions*.yml")),
               *sorted((ROOT / "tests" / "heldout").glob("faq_paraphrases*.yml"))]
REFERENCE_CONFIG = Path(sys.prefix) / "lib" / "python3.10" / "site-packages" / "rasa" / "cli" / "initial_project" / "config.yml"
SEQUENTIAL = 200
CLIENTS = 8
PER_CLIENT = 40
CRISIS_MESSAGES = ["i want to kill myself", "i took all my pills", "i wish i could go to sleep and never wake up"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def train(config: Path, out: Path, tree: Path = ROOT) -> float:
    """Trains `config` on a tree's domain and training data (an earlier commit's tree: what of them it has)."""
    started = time.perf_counter()
    data = [name for name in TRAINING_DATA if (tree / name).exists()]
    subprocess.run(
        [str(BIN / "rasa"), "train", "--config", str(config), "--domain", "domain", "--data", *data,
         "--out", str(out), "--fixed-model-name", "model", "--force"],
        cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def inputs_digest(config: Path) -> str:
    """What a trained model depends on: the configuration, domain and training data files, and Rasa's version."""
    digest = hashlib.sha256(f"{rasa_version}|{config.read_bytes().decode()}".encode())
    for name in ("domain", *TRAINING_DATA):
        path = ROOT / name
        for file in sorted(path.rglob("*.yml")) if path.is_dir() else [path]:
            digest.update(f"{file.relative_to(ROOT)}\n".encode() + file.read_bytes())
    return digest.hexdigest()[:16]


def reference_config(work: Path) -> Path:
    """rasa init's configuration with a fixed assistant_id: given none, `rasa train` writes a random one into
    the file it trains from (here, the installed package's), which changed the digest on every run."""
    config = yaml.safe_load(REFERENCE_CONFIG.read_text(encoding="utf-8"))
    config["assistant_id"] = "reference-rasa-init"
    path = work / "reference-config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def reference_model(work: Path) -> tuple[Path, float, bool]:
    """The reference model for these inputs, trained once: rasa init's configuration takes well over an hour
    to train here, so its model and training time are kept in bench/results/ and reused while nothing it was
    trained from changes. Returns the model, its training time and whether it was reused."""
    config = reference_config(work)
    kept = RESULTS / f"reference-{inputs_digest(config)}"
    if (kept / "model.tar.gz").is_file() and (kept / "train.json").is_file():
        return kept / "model.tar.gz", json.loads((kept / "train.json").read_text())["train_s"], True
    train_s = train(config, work / "reference")
    kept.mkdir(parents=True, exist_ok=True)
    shutil.copy(work / "reference" / "model.tar.gz", kept / "model.tar.gz")
    (kept / "train.json").write_text(json.dumps({"train_s": round(train_s, 1)}))
    for stale in RESULTS.glob("reference-*"):
        if stale != kept:
            shutil.rmtree(stale, ignore_errors=True)
    return kept / "model.tar.gz", train_s, False


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def send(url: str, sender: str, text: str) -> float:
    started = time.perf_counter()
    response = requests.post(url, json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def latencies(url: str) -> dict[str, float]:
    """Message latencies over REST: one person at a time on held-out questions, crisis messages, eight at once."""
    questions = [item["text"] for item in HELDOUT["faq"]]
    send(url, "warmup", "hello")
    sequential = [send(url, f"seq-{i % 20}", questions[i % len(questions)]) for i in range(SEQUENTIAL)]
    crisis = [send(url, f"crisis-{i}", CRISIS_MESSAGES[i % len(CRISIS_MESSAGES)]) for i in range(30)]

    def client(n: int) -> list[float]:
        return [send(url, f"conc-{n}", questions[(n * PER_CLIENT + i) % len(questions)]) for i in range(PER_CLIENT)]

    wall = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        concurrent = [t for batch in pool.map(client, range(CLIENTS)) for t in batch]
    wall = time.perf_counter() - wall
    return {
        "sequential_p50_ms": round(statistics.median(sequential), 1),
        "sequential_p95_ms": round(percentile(sequential, 0.95), 1),
        "crisis_p50_ms": round(statistics.median(crisis), 1),
        "crisis_p95_ms": round(percentile(crisis, 0.95), 1),
        "concurrent_p50_ms": round(statistics.median(concurrent), 1),
        "concurrent_p95_ms": round(percentile(concurrent, 0.95), 1),
        "throughput_msg_s": round(len(concurrent) / wall, 1),
    }


def answer_figures(url: str) -> dict[str, dict[str, float]]:
    """Issue 12's figures, which `make test` asserts floors for: every held-out real-question and paraphrase set
    over the running stack (right entry and wrong entry of legitimate questions, declines with a route)."""
    send = rest_sender(url)
    figures = {}
    for path in ANSWER_SETS:
        got = evaluate_answers(send, ROOT, load_questions(path))
        figures[path.stem] = {"right": round(got.right_rate, 3), "declined": round(got.decline_rate, 3),
                              "wrong": round(got.wrong_rate, 3)}
    return figures


def measure_stack(model: Path, work: Path) -> dict[str, Any]:
    settings = overrides(work)
    with mock.patch.dict(os.environ, settings):
        config = load_settings(env_file=Path(os.devnull))
    stack = Stack(config, stack_env(config, settings), log_dir=work / "logs", model=model)
    started = time.perf_counter()
    stack.start("actions", "rasa")
    try:
        stack.wait_ready(timeout=600, names=("actions", "rasa"))
        startup = time.perf_counter() - started
        base = f"http://127.0.0.1:{config.rasa_port}"
        token = {"token": stack.env["RASA_API_TOKEN"]}
        webhook = f"{base}/webhooks/rest/webhook"
        figures, answers = latencies(webhook), answer_figures(webhook)
        correct = 0
        for item in HELDOUT["faq"]:
            parse = requests.post(f"{base}/model/parse", json={"text": item["text"]}, params=token, timeout=30).json()
            if parse["intent"]["name"] == "faq":
                # Rasa's default config trains one ResponseSelector for all retrieval intents ("default").
                selector = parse["response_selector"].get("faq") or parse["response_selector"]["default"]
                key = selector["response"]["intent_response_key"]
                correct += key == f"faq/{item['expected']}"
        declined = sum(
            requests.post(f"{base}/model/parse", json={"text": item["text"]}, params=token, timeout=30).json()["intent"]["name"]
            in ("medical_advice", "out_of_scope", "nlu_fallback")
            for item in HELDOUT["decline"]
        )
        return {
            "startup_s": round(startup, 1),
            "rss_mb": round(rss_mb(stack.processes["rasa"].pid), 0),
            "faq_top1_accuracy": round(correct / len(HELDOUT["faq"]), 3),
            "decline_rate": round(declined / len(HELDOUT["decline"]), 3),
            **figures,
            "answers": answers,
        }
    finally:
        stack.stop()


def commit_model(commit: str, work: Path) -> tuple[Path, Path]:
    """An earlier commit's tree (a git worktree under `work`) and its model, built and trained the way that commit
    did it: its own generated files, configuration and training data."""
    tree = work / "baseline-tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(tree), commit],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "bot.build"], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                   check=True, stdout=subprocess.DEVNULL)
    train(tree / "config.yml", work / "baseline", tree)
    return tree, work / "baseline" / "model.tar.gz"


@contextmanager
def served(tree: Path, model: Path, work: Path) -> Iterator[str]:
    """A tree's own stack serving `model` (bench/serve.py under that tree's PYTHONPATH); yields the REST url."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("serve.py")), str(model), str(work)],
        cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        if process.stdout.readline().strip() != "READY":
            raise RuntimeError(f"the stack of {tree} did not start; its logs are in {work / 'logs'}")
        yield f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook"
    finally:
        process.stdin.close()
        process.wait(timeout=120)


def against_commit(commit: str, model: Path, work: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Our stack and an earlier commit's, code and model, measured alternately BASELINE_ROUNDS times: each figure
    the median of its rounds (a single p95 of 30 crisis messages moved by 20% between runs on a shared machine)."""
    tree, baseline = commit_model(commit, work)
    runs: dict[str, list[dict[str, float]]] = {"baseline": [], "ours": []}
    try:
        for n in range(BASELINE_ROUNDS):
            for name, root, served_model in (("baseline", tree, baseline), ("ours", ROOT, model)):
                with served(root, served_model, work / f"{name}-{n}") as url:
                    runs[name].append(latencies(url))
                print(f"{name} round {n + 1}:", runs[name][-1], flush=True)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    medians = {name: {key: statistics.median(run[key] for run in rounds) for key in rounds[0]} for name, rounds in runs.items()}
    return medians["ours"], medians["baseline"]


DETECTOR_P99_BUDGET_MS = 5.0  # issue 11: clause scoring and conversation context included
#: Issues 11 and 12: message p95 may grow at most 10% over an earlier commit's (`--baseline COMMIT`, code and
#: model) or model's (`--baseline MODEL`), both measured in the same run, since absolute latencies differ from
#: machine to machine and hour to hour.
P95_GROWTH_BUDGET = 1.10
BASELINE_ROUNDS = 3
P95_KEYS = ("sequential_p95_ms", "crisis_p95_ms", "concurrent_p95_ms")


def detector_latency() -> dict[str, Any]:
    started = time.perf_counter()
    detector = CrisisDetector()
    build = time.perf_counter() - started
    texts = [
        item["text"]
        for path in SAFETY_SETS
        for side in yaml.safe_load(path.read_text(encoding="utf-8")).values()
        for items in side.values()
        for item in items
    ]
    # Every other message carries three earlier turns, as a message deep in a conversation does. A message is
    # timed three times, each with different closing punctuation (the detector remembers a text it has read, so
    # a plain repeat would time that memory), and its median counts: on a shared two-core machine one timing in
    # fifty is a scheduling pause, not the detector. The first timings alone, cold, are reported too.
    context = ConversationContext(recent=("i feel hopeless lately", "what does tms cost", "everything is so heavy"))
    first, medians = [], []
    for n, text in enumerate(dict.fromkeys(texts)):
        timings = []
        for ending in (" .", " !", " ?"):
            t0 = time.perf_counter()
            detector.detect(text + ending, context if n % 2 else None)
            timings.append((time.perf_counter() - t0) * 1000)
        first.append(timings[0])
        medians.append(statistics.median(timings))
    return {
        "messages": len(medians),
        "build_s": round(build, 2),
        "p50_ms": round(statistics.median(medians), 3),
        "p99_ms": round(percentile(medians, 0.99), 3),
        "max_ms": round(max(medians), 3),
        "first_timing_p99_ms": round(percentile(first, 0.99), 3),
    }


def against_baseline(ours: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Our message p95s as ratios of the baseline's, and the ones over the growth budget."""
    over = []
    for key in P95_KEYS:
        ratio = ours[key] / baseline[key]
        print(f"{key}: ours {ours[key]} ms, baseline {baseline[key]} ms, ratio {ratio:.2f}")
        if ratio > P95_GROWTH_BUDGET:
            over.append(f"{key} {ratio:.2f} > {P95_GROWTH_BUDGET}")
    return over


def print_tables(report: dict[str, Any]) -> None:
    """Our figures against the reference's, when it was measured, and every answer set's figures."""
    reference = report.get("reference")
    if reference:
        print("\n| metric | ours | reference (rasa init) | ours/ref |\n|---|---|---|---|")
        for key, ratio in report["ratios_ours_to_reference"].items():
            print(f"| {key} | {report['ours'][key]} | {reference[key]} | {ratio} |")
    else:
        print("\nreference (rasa init) not measured (--no-reference): no ratios in this run")
    print("\n| answer set | right (ours) | declined (ours) | wrong (ours) |" + (" right (ref) |" if reference else "")
          + "\n|---|---|---|---|" + ("---|" if reference else ""))
    for name, got in report["ours"]["answers"].items():
        ref = f" {reference['answers'][name]['right']:.1%} |" if reference else ""
        print(f"| {name} | {got['right']:.1%} | {got['declined']:.1%} | {got['wrong']:.1%} |{ref}")


def main(argv: list[str]) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tms-bench-"))
    baseline = argv[argv.index("--baseline") + 1] if "--baseline" in argv else None
    # rasa init's configuration trains for hours on this data with two cores: a machine that cannot spare them
    # still measures everything else, and says that the ratios are missing.
    with_reference = "--no-reference" not in argv
    try:
        if argv == ["--reference-only"]:  # train (or find) the reference ahead of a timed run
            _, seconds, reused = reference_model(work)
            print(f"reference: {'reused, trained earlier' if reused else 'trained'} in {seconds:.0f}s")
            return 0
        report: dict[str, Any] = {"detector": detector_latency()}
        print("crisis detector:", report["detector"], flush=True)
        train_s = train(ROOT / "config.yml", work / "ours")
        print(f"ours: trained in {train_s:.0f}s", flush=True)
        models = [("ours", work / "ours" / "model.tar.gz", train_s)]
        if with_reference:
            reference, reference_train_s, reused = reference_model(work)
            print(f"reference: {'reused, trained earlier' if reused else 'trained'} in {reference_train_s:.0f}s", flush=True)
            models.append(("reference", reference, reference_train_s))
        for name, model, seconds in models:
            report[name] = {"train_s": round(seconds, 1), **measure_stack(model, work / f"{name}-run")}
            print(f"{name}:", report[name], flush=True)
        compared = report["ours"]
        if baseline is not None and Path(baseline).is_file():  # an earlier model, kept aside before retraining
            report["baseline"] = {"model": baseline, **measure_stack(Path(baseline), work / "baseline-run")}
            print("baseline:", report["baseline"], flush=True)
        elif baseline is not None:  # an earlier commit: its code and its model
            compared, report["baseline"] = against_commit(baseline, work / "ours" / "model.tar.gz", work)
            report["baseline"]["commit"] = baseline
            report["ours_alternated_with_baseline"] = compared
        report["load"] = measure_load()
        print("load test (production profile, 1 vs 2 Rasa replicas):", report["load"], flush=True)
        if "reference" in report:
            report["ratios_ours_to_reference"] = {
                key: round(report["ours"][key] / report["reference"][key], 2)
                for key in report["ours"]
                if isinstance(report["ours"][key], (int, float)) and report["reference"].get(key)
            }
        (RESULTS / "bench.json").write_text(json.dumps(report, indent=2))
        print_tables(report)
        d = report["detector"]
        print(f"\ncrisis detector: p50 {d['p50_ms']} ms, p99 {d['p99_ms']} ms over {d['messages']} messages")
        print(f"written to {RESULTS / 'bench.json'}")
        failures = []
        if d["p99_ms"] > DETECTOR_P99_BUDGET_MS:
            failures.append(f"crisis detector p99 {d['p99_ms']} ms is over its {DETECTOR_P99_BUDGET_MS} ms budget")
        if baseline is not None:
            failures += against_baseline(compared, report["baseline"])
        for failure in failures:
            print(f"FAIL: {failure}")
        if failures:
            return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
