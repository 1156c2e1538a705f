"""Eval runner throughput: 200 cases at concurrency 16 against a loopback OpenAI-compatible stub
that answers after a fixed 200 ms, graded through the real `openai-compatible:` grader path with
the on-disk response cache in a temporary folder.

    .venv/bin/python benchmarks/eval_throughput.py [--cases 200] [--concurrency 16] [--latency 0.2]

Prints the cold wall time against the ideal (cases / concurrency x latency; target <= 1.15x) and
a fully cached rerun's time as a fraction of the cold time (target <= 5%).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stub_server

from interview_coach.config import load_settings
from interview_coach.evals.grading import open_grader
from interview_coach.evals.runner import EvalItem, Prediction, run_cases
from interview_coach.evals.suite import Case
from interview_coach.models import InterviewContext

ROLES = ["nurse", "data analyst", "software engineer", "teacher", "sales representative"]


def _serve(latency_s: float, pipe: Connection) -> None:
    """Child process: run the stub until told to stop, then report how many requests it saw."""
    base_url, stop = stub_server.start_stub(latency_s)
    pipe.send(base_url)
    while pipe.recv() == "count":
        pipe.send(len(stop.requests))
    stop()


class StubProcess:
    """The stub in its own process, as a real server would be: its request handling then does
    not compete with the eval runner for this interpreter's GIL."""

    def __init__(self, latency_s: float) -> None:
        self._pipe, child = mp.get_context("spawn").Pipe()
        self._proc = mp.get_context("spawn").Process(
            target=_serve, args=(latency_s, child), daemon=True
        )
        self._proc.start()
        self.base_url: str = self._pipe.recv()

    def requests(self) -> int:
        self._pipe.send("count")
        return int(self._pipe.recv())

    def stop(self) -> None:
        self._pipe.send("stop")
        self._proc.join(timeout=10)


def make_items(n: int, prefix: str = "project") -> list[EvalItem]:
    items = []
    for i in range(n):
        role = ROLES[i % len(ROLES)]
        answer = (
            f"Thank you for having me, I am excited about this {role} role. In my first year "
            f"I want to learn the team's tools, take on {prefix} number {i} and deliver it well. "
            f"In five years I would like to lead a small team and mentor new colleagues, because "
            f"your focus on quality matches what I care about, and I plan to grow with you."
        )
        case = Case(
            id=f"bench-{i:03d}",
            split="dev",
            kind="mid",
            context=InterviewContext(role=role.title(), company="Acme"),
            answer=answer,
        )
        items.append(EvalItem("bench", case))
    return items


async def timed_run(
    items: list[EvalItem], base_url: str, cache_dir: Path, concurrency: int
) -> tuple[float, list[Prediction]]:
    settings = load_settings(
        grader={"model": "openai-compatible:stub", "base_url": base_url, "max_retries": 0},
        cache_dir=cache_dir,
    )
    with open_grader(settings, use_cache=True) as (grader, _):
        # One untimed call first: lazy imports and schema compilation happen once per process
        # and are not the runner's throughput (TCP connections are still opened in the timed run).
        await run_cases(make_items(1, prefix="warmup"), grader, concurrency=1)
        started = time.perf_counter()
        preds = await run_cases(items, grader, concurrency=concurrency)
        return time.perf_counter() - started, preds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()

    items = make_items(args.cases)
    stub = StubProcess(args.latency)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cache_dir = Path(tmp) / "llm"
            url = stub.base_url
            cold, cold_preds = asyncio.run(timed_run(items, url, cache_dir, args.concurrency))
            cold_requests = stub.requests()
            warm, warm_preds = asyncio.run(timed_run(items, url, cache_dir, args.concurrency))
            warm_requests = stub.requests() - cold_requests
    finally:
        stub.stop()

    failed = [p for p in cold_preds + warm_preds if p.status != "scored"]
    ideal = args.cases / args.concurrency * args.latency
    ratio = cold / ideal
    cached = warm / cold
    print(f"cases={args.cases} concurrency={args.concurrency} latency={args.latency * 1000:.0f}ms")
    print(f"cold run:   {cold:6.2f}s  ideal {ideal:.2f}s  ratio {ratio:.2f}x  (target <= 1.15x)")
    print(f"cached run: {warm:6.3f}s  {cached:.1%} of cold  (target <= 5%)")
    print(f"model requests: cold {cold_requests}, cached rerun {warm_requests}")
    if failed:
        print(f"WARNING: {len(failed)} runs were not scored, e.g. {failed[0].unscored_reason}")
    verdict = ratio <= 1.15 and cached <= 0.05 and warm_requests == 0 and not failed
    print("targets met" if verdict else "targets MISSED")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
