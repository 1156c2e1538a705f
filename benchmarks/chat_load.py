"""Chat load: simulated users, each a socket.io websocket client speaking Chainlit's protocol,
run offline interviews (answer, follow-ups, feedback) against real servers: one instance, and
two behind HAProxy (the configuration `interview-coach proxy-config haproxy` writes).

Per cluster (1 instance; 2 behind the proxy), on SQLite (default) or Postgres (`--db postgres`,
a throwaway cluster; needs Debian's postgresql):
- baseline: one user at a time (p50 of a turn, the unit of every ratio);
- burst: N users (50) connect at once and answer as fast as replies come;
- realistic: N users (50, 200), each answering every `--think` seconds on average (Poisson:
  exponential gaps), starting a new interview after each feedback, for `--duration` seconds.
A turn is an answer sent -> the server's `task_end` for it. `--compare PATH` also runs bursts
on another checkout (e.g. `git worktree add --detach /tmp/base main`), one instance, alternating
with this one's (`--compare-rounds` each), for the improvement factor. Load average and the CPU
time the servers used are printed with every row: the machine may be shared.

    .venv/bin/python benchmarks/chat_load.py [--instances 1,2] [--shapes burst,realistic]
        [--realistic-users 50,200] [--db sqlite|postgres] [--compare PATH]

Protocol (chainlit/socket.py): connect to /ws/socket.io with auth {sessionId, clientType, userEnv,
chatProfile, threadId}; emit `connection_successful` (runs on_chat_start); emit `client_message`
with {message: StepDict, fileReferences}; the server streams `stream_start`/`stream_token`, sends
`new_message`, and emits `task_end` when the turn's handler returns.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from chat_client import ChatClient  # noqa: E402

from chat_cluster import Cluster, cluster  # noqa: E402

ANSWERS = (
    "I just want a stable job and to learn some things.",
    "Maybe I would like to get better at my work.",
    "I think I would stay a few years if it goes well.",
    "I am not sure yet, I will see.",
)
MAX_TURNS = len(ANSWERS)
FEEDBACK_MARKERS = ("Your score:", "couldn't score")


@dataclass
class Sample:
    """Every turn time of one shape, with errors and the wall time the turns took."""

    turns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the servers used meanwhile
    client_cpu: float = 0.0  # and this process (the simulated users)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def uptime() -> str:
    with contextlib.suppress(OSError):
        seconds = float(Path("/proc/uptime").read_text().split()[0])
        return f"{time.strftime('%H:%M:%S')} up {seconds / 60:.0f} min, load average: {load()}"
    return f"{time.strftime('%H:%M:%S')} load average: {load()}"


async def interview(
    client: ChatClient, sample: Sample, think: float | None, rng: random.Random, stop_at: float
) -> None:
    """One interview on a connected client: answers until the feedback (or the deadline)."""
    await client.wait_opening()
    for text in ANSWERS:
        if think is not None:
            gap = rng.expovariate(1 / think)
            if time.monotonic() + gap >= stop_at:
                await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
                return  # the next answer would come after the end of the run
            await asyncio.sleep(gap)
        elapsed, said = await client.answer(text)
        sample.turns.append(elapsed)
        if any(marker in said for marker in FEEDBACK_MARKERS):
            return
    sample.errors.append(f"no feedback after {MAX_TURNS} answers")


async def one_user(
    url: str,
    sample: Sample,
    timeout: float,
    think: float | None = None,
    stop_at: float = float("inf"),
    seed: int = 0,
) -> None:
    """One person: a burst user does one interview at once; a realistic one (`think` set) starts
    after a random delay and runs interviews one after another until `stop_at`."""
    rng = random.Random(seed)
    if think is not None:
        await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < stop_at:
        client = ChatClient(url, timeout)
        try:
            await client.connect()
            await interview(client, sample, think, rng, stop_at)
        except Exception as exc:  # a benchmark reports failures, it does not stop on them
            sample.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            with contextlib.suppress(Exception):
                await client.close()
        if think is None:
            return


async def baseline(url: str, rounds: int, timeout: float) -> Sample:
    sample = Sample()
    started = time.monotonic()
    for _ in range(rounds):
        await one_user(url, sample, timeout)
    sample.wall = time.monotonic() - started
    return sample


async def burst(url: str, users: int, timeout: float) -> Sample:
    sample = Sample()
    started = time.monotonic()
    await asyncio.gather(*(one_user(url, sample, timeout) for _ in range(users)))
    sample.wall = time.monotonic() - started
    return sample


async def realistic(url: str, users: int, think: float, duration: float, timeout: float) -> Sample:
    sample = Sample()
    started = time.monotonic()
    stop_at = started + duration
    await asyncio.gather(
        *(one_user(url, sample, timeout, think, stop_at, seed=i) for i in range(users))
    )
    sample.wall = time.monotonic() - started
    return sample


async def metered(c: Cluster, run: Coroutine[Any, Any, Sample]) -> Sample:
    """`run`'s sample, with the CPU time the servers and this process used meanwhile."""
    server, client = c.cpu_seconds(), sum(os.times()[:2])
    sample = await run
    sample.server_cpu = c.cpu_seconds() - server
    sample.client_cpu = sum(os.times()[:2]) - client
    return sample


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class Row:
    label: str
    users: int
    instances: int
    sample: Sample
    base_p50: float
    load: str = field(default_factory=load)

    @property
    def p50(self) -> float:
        return percentile(self.sample.turns, 0.5)

    @property
    def p95(self) -> float:
        return percentile(self.sample.turns, 0.95)

    @property
    def rate(self) -> float:
        return len(self.sample.turns) / self.sample.wall if self.sample.wall else float("nan")

    def line(self) -> str:
        s = self.sample
        return (
            f"{self.label:<10} {self.users:5d} {self.instances:4d} {len(s.turns):6d} "
            f"{1000 * self.p50:7.0f} {1000 * self.p95:7.0f} {self.p50 / self.base_p50:8.2f} "
            f"{self.p95 / self.base_p50:8.2f} {self.rate:7.1f} {len(s.errors):6d} "
            f"{1000 * s.server_cpu / max(1, len(s.turns)):6.0f} {s.client_cpu:6.1f}  {self.load}"
        )


HEADER = (
    "shape      users inst  turns  p50 ms  p95 ms  p50/base p95/base turns/s errors "
    "cpu/turn ms client cpu s  load 1/5/15"
)


def report_errors(row: Row) -> None:
    for error in sorted(set(row.sample.errors))[:3]:
        print(f"  [{row.label} {row.users} users, {row.instances} inst] error: {error}")


async def measure(c: Cluster, args: argparse.Namespace) -> list[Row]:
    """Every shape against one running cluster; rows print as they finish."""
    inst = c.instances
    await baseline(c.url, 1, args.timeout)  # warm-up: models loaded, caches filled
    base = await metered(c, baseline(c.url, args.baseline_rounds, args.timeout))
    base_p50 = percentile(base.turns, 0.5)
    rows = [Row("baseline", 1, inst, base, base_p50)]
    print(rows[-1].line(), flush=True)
    shapes = args.shapes.split(",")
    if "burst" in shapes:
        sample = await metered(c, burst(c.url, args.burst_users, args.timeout))
        rows.append(Row("burst", args.burst_users, inst, sample, base_p50))
        print(rows[-1].line(), flush=True)
    if "realistic" in shapes:
        for users in args.realistic_users:
            run = realistic(c.url, users, args.think, args.duration, args.timeout)
            rows.append(Row("realistic", users, inst, await metered(c, run), base_p50))
            print(rows[-1].line(), flush=True)
    for row in rows:
        report_errors(row)
    return rows


@contextlib.contextmanager
def database(kind: str, workdir: Path) -> Iterator[dict[str, str]]:
    """The environment naming the database every instance shares."""
    if kind == "sqlite":
        yield {"INTERVIEW_COACH_HISTORY_DB": str(workdir / "history.sqlite3")}
        return
    from pg_cluster import pg_cluster  # tests/: a throwaway cluster, as the tests use

    with pg_cluster() as url:
        yield {"INTERVIEW_COACH_DATABASE_URL": url}


def summary(rows: list[Row], args: argparse.Namespace) -> None:
    def find(label: str, users: int, instances: int) -> list[Row]:
        return [r for r in rows if (r.label, r.users, r.instances) == (label, users, instances)]

    print()
    one, two = find("burst", args.burst_users, 1), find("burst", args.burst_users, 2)
    if one and two:
        rate1, rate2 = one[0].rate, two[0].rate
        print(
            f"burst throughput, two instances / one: {rate2 / rate1:.2f}x "
            f"({rate2:.1f} vs {rate1:.1f} turns/s; goal >= 1.7x)"
        )
    most = max(args.realistic_users, default=0)
    for big in find("realistic", most, 2):
        print(f"realistic {most} users, two instances: p95 {1000 * big.p95:.0f} ms (goal <= 300)")
    before = [r.p95 for r in find("before", args.burst_users, 1)]
    after = [r.p95 for r in find("after", args.burst_users, 1)]
    if before and after:
        b, a = statistics.median(before), statistics.median(after)
        print(
            f"burst p95, --compare checkout -> this one (1 instance, {len(before)} interleaved "
            f"bursts each, medians): {b:.3f} s -> {a:.3f} s, {b / a:.1f}x better (goal >= 3x)"
        )
        if two:
            print(
                f"burst p95, --compare checkout (1 instance) -> this one with 2 instances: "
                f"{b:.3f} s -> {two[0].p95:.3f} s, {b / two[0].p95:.1f}x better"
            )


async def compare_bursts(before: Cluster, after: Cluster, args: argparse.Namespace) -> list[Row]:
    """Bursts on the --compare checkout and on this one, alternately (the machine's load drifts:
    interleaving gives both the same conditions)."""
    await baseline(before.url, 1, args.timeout)  # warm-up
    base = await baseline(before.url, args.baseline_rounds, args.timeout)
    base_p50 = percentile(base.turns, 0.5)
    rows = [Row("base-then", 1, 1, base, base_p50)]
    print(rows[-1].line(), flush=True)
    for _ in range(args.compare_rounds):
        for label, c in (("before", before), ("after", after)):
            sample = await metered(c, burst(c.url, args.burst_users, args.timeout))
            rows.append(Row(label, args.burst_users, 1, sample, base_p50))
            print(rows[-1].line(), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", default="1,2", help="cluster sizes, e.g. 1,2")
    parser.add_argument("--shapes", default="burst,realistic")
    parser.add_argument("--burst-users", type=int, default=50)
    parser.add_argument("--realistic-users", default="50,200")
    parser.add_argument("--think", type=float, default=20.0, help="mean seconds between turns")
    parser.add_argument("--duration", type=float, default=40.0, help="seconds per realistic run")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per turn")
    parser.add_argument("--baseline-rounds", type=int, default=5, help="1-user interviews")
    parser.add_argument(
        "--compare", type=Path, default=None, help="another checkout: bursts on it, 1 instance"
    )
    parser.add_argument("--compare-rounds", type=int, default=2)
    args = parser.parse_args()
    args.realistic_users = [int(n) for n in args.realistic_users.split(",") if n]
    sizes = [int(n) for n in args.instances.split(",")]
    print(f"uptime: {uptime()}; {os.cpu_count()} CPUs; db {args.db}")
    print(HEADER)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="chat-load-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        before: Cluster | None = None
        if args.compare is not None:
            env = stack.enter_context(database("sqlite", work / "compare"))
            checkout = args.compare.resolve()
            before = stack.enter_context(cluster(1, work / "compare", env, checkout=checkout))
        for size in sizes:
            # A fresh database per cluster: the history a grade reads back stays the same size.
            with (
                database(args.db, work / f"db{size}") as env,
                cluster(size, work / f"c{size}", env) as c,
            ):
                rows += asyncio.run(measure(c, args))
                if before is not None and size == 1:
                    rows += asyncio.run(compare_bursts(before, c, args))
    if args.compare:
        print("(base-then, before: the --compare checkout; after: this one; 1 instance)")
    summary(rows, args)
    print(f"uptime: {uptime()}")


if __name__ == "__main__":
    main()
