"""Chat load: simulated users, each a socket.io websocket client speaking Chainlit's protocol,
run offline interviews (answer, follow-ups, feedback) against real servers: one instance, and
two behind HAProxy (the configuration `interview-coach proxy-config haproxy` writes).

Per cluster (1 instance; 2 behind the proxy), on SQLite (default) or Postgres (`--db postgres`,
a throwaway cluster; needs Debian's postgresql):
- baseline: one user at a time (p50 of a turn, the unit of every ratio);
- burst: N users (50) connect at once and answer as fast as replies come;
- realistic: N users (50, 200), each answering every `--think` seconds on average (Poisson:
  exponential gaps), starting a new interview after each feedback, for `--duration` seconds.
A turn is an answer sent -> the server's `task_end` for it. Each person words its answers
differently (`answers`), so the grader reads each one afresh, as with real people. The users
are `light_client.py`'s (one websocket each, little CPU: they share the servers' cores);
`--clients light,socketio` also runs each burst with python-socketio's client
(`chat_client.py`) to compare their CPU per turn.
Bursts run `--burst-rounds` times (3), interleaved across the clusters; the summary takes medians.
`--compare PATH` also runs bursts on another checkout (e.g. `git worktree add --detach /tmp/base
main`), one instance, alternating with this one's (`--compare-rounds` each), for the
improvement factor. Load average and the CPU
time per turn of the servers, the proxy and the users are printed with every row: the machine
may be shared, and CPU per turn is what stays comparable when it is.

    .venv/bin/python benchmarks/chat_load.py [--instances 1,2] [--shapes burst,realistic]
        [--realistic-users 50,200] [--db sqlite|postgres] [--compare PATH]
        [--clients light[,socketio]]

The protocol the users speak is described in light_client.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from chat_answers import MAX_TURNS, answers  # noqa: E402
from chat_client import ChatClient  # noqa: E402
from chat_report import (  # noqa: E402
    HEADER,
    Row,
    Sample,
    machine_cpu_seconds,
    percentile,
    report_errors,
    summary,
    uptime,
)
from light_client import LightClient, http_session  # noqa: E402

from chat_cluster import Cluster, cluster  # noqa: E402

FEEDBACK_MARKERS = ("Your score:", "couldn't score")
CLIENTS = ("light", "socketio")


class Client(Protocol):
    """One simulated browser tab (light_client.LightClient, chat_client.ChatClient)."""

    async def connect(self) -> None: ...
    async def wait_opening(self) -> None: ...
    async def answer(self, text: str) -> tuple[float, str]: ...
    async def idle(self, seconds: float) -> None: ...
    async def close(self) -> None: ...


MakeClient = Callable[[], Client]


@contextlib.asynccontextmanager
async def clients(kind: str, url: str, timeout: float) -> AsyncIterator[MakeClient]:
    """A maker of `kind` clients for `url`; the light ones share one HTTP session."""
    if kind == "socketio":
        yield lambda: ChatClient(url, timeout)
        return
    async with http_session() as http:
        yield lambda: LightClient(http, url, timeout)


async def interview(
    client: Client, sample: Sample, think: float | None, rng: random.Random, stop_at: float
) -> None:
    """One interview on a connected client: answers until the feedback (or the deadline)."""
    await client.wait_opening()
    for text in answers(random.Random()):
        if think is not None:
            gap = rng.expovariate(1 / think)
            if time.monotonic() + gap >= stop_at:
                await client.idle(max(0.0, stop_at - time.monotonic()))
                return  # the next answer would come after the end of the run
            await client.idle(gap)
        elapsed, said = await client.answer(text)
        sample.turns.append(elapsed)
        if any(marker in said for marker in FEEDBACK_MARKERS):
            return
    sample.errors.append(f"no feedback after {MAX_TURNS} answers")


async def one_user(
    make: MakeClient,
    sample: Sample,
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
        client = make()
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


async def baseline(make: MakeClient, rounds: int) -> Sample:
    sample = Sample()
    started = time.monotonic()
    for _ in range(rounds):
        await one_user(make, sample)
    sample.wall = time.monotonic() - started
    return sample


async def burst(make: MakeClient, users: int) -> Sample:
    sample = Sample()
    started = time.monotonic()
    await asyncio.gather(*(one_user(make, sample) for _ in range(users)))
    sample.wall = time.monotonic() - started
    return sample


async def realistic(make: MakeClient, users: int, think: float, duration: float) -> Sample:
    sample = Sample()
    started = time.monotonic()
    stop_at = started + duration
    await asyncio.gather(*(one_user(make, sample, think, stop_at, seed=i) for i in range(users)))
    sample.wall = time.monotonic() - started
    return sample


async def metered(c: Cluster, run: Coroutine[Any, Any, Sample]) -> Sample:
    """`run`'s sample, with the CPU time the servers, the proxy and this process (the simulated
    users) used meanwhile."""
    server, proxy, client = c.cpu_seconds(), c.proxy_cpu_seconds(), sum(os.times()[:2])
    machine = machine_cpu_seconds()
    sample = await run
    sample.server_cpu = c.cpu_seconds() - server
    sample.proxy_cpu = c.proxy_cpu_seconds() - proxy
    sample.client_cpu = sum(os.times()[:2]) - client
    sample.machine_cpu = machine_cpu_seconds() - machine if machine else 0.0
    return sample


async def warm_up(c: Cluster, kind: str, timeout: float) -> None:
    """One interview on every instance, straight to its port (the proxy's round robin could
    leave one cold): models loaded, caches filled before anything is measured."""
    for port in c.ports:
        async with clients(kind, f"http://127.0.0.1:{port}", timeout) as make:
            await baseline(make, 1)


async def measure(clusters: list[Cluster], args: argparse.Namespace) -> list[Row]:
    """Every shape against every running cluster, with the first of --clients (each other one
    runs the bursts too). Bursts go round by round, one per cluster (and client) in each: the
    machine's load drifts, and interleaving gives every cluster the same conditions. Rows print
    as they finish."""
    main, shapes = args.clients[0], args.shapes.split(",")
    base_p50: dict[int, float] = {}
    rows: list[Row] = []

    def add(row: Row) -> None:
        rows.append(row)
        print(row.line(), flush=True)

    for c in clusters:
        await warm_up(c, main, args.timeout)
        async with clients(main, c.url, args.timeout) as make:
            base = await metered(c, baseline(make, args.baseline_rounds))
        base_p50[c.instances] = percentile(base.turns, 0.5)
        add(Row("baseline", 1, c.instances, base, base_p50[c.instances], main))
    for _ in range(args.burst_rounds if "burst" in shapes else 0):
        for c in clusters:
            for kind in args.clients:
                async with clients(kind, c.url, args.timeout) as make:
                    sample = await metered(c, burst(make, args.burst_users))
                add(
                    Row("burst", args.burst_users, c.instances, sample, base_p50[c.instances], kind)
                )
    for c in clusters if "realistic" in shapes else []:
        for users in args.realistic_users:
            async with clients(main, c.url, args.timeout) as make:
                sample = await metered(c, realistic(make, users, args.think, args.duration))
            add(Row("realistic", users, c.instances, sample, base_p50[c.instances], main))
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


async def compare_bursts(before: Cluster, after: Cluster, args: argparse.Namespace) -> list[Row]:
    """Bursts on the --compare checkout and on this one, alternately (the machine's load drifts:
    interleaving gives both the same conditions)."""
    main = args.clients[0]
    await warm_up(before, main, args.timeout)
    async with clients(main, before.url, args.timeout) as make:
        base = await metered(before, baseline(make, args.baseline_rounds))
    base_p50 = percentile(base.turns, 0.5)
    rows = [Row("base-then", 1, 1, base, base_p50, main)]
    print(rows[-1].line(), flush=True)
    for _ in range(args.compare_rounds):
        for label, c in (("before", before), ("after", after)):
            async with clients(main, c.url, args.timeout) as make:
                sample = await metered(c, burst(make, args.burst_users))
            rows.append(Row(label, args.burst_users, 1, sample, base_p50, main))
            print(rows[-1].line(), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", default="1,2", help="cluster sizes, e.g. 1,2")
    parser.add_argument("--shapes", default="burst,realistic")
    parser.add_argument("--burst-users", type=int, default=50)
    parser.add_argument("--burst-rounds", type=int, default=3, help="interleaved, per cluster")
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
    parser.add_argument(
        "--clients",
        default="light",
        help="simulated users: the first runs every shape, the others the bursts too "
        "(light,socketio compares their CPU per turn)",
    )
    args = parser.parse_args()
    args.realistic_users = [int(n) for n in args.realistic_users.split(",") if n]
    args.clients = args.clients.split(",")
    if not args.clients or any(kind not in CLIENTS for kind in args.clients):
        parser.error(f"--clients: a comma-separated list of {', '.join(CLIENTS)}")
    sizes = [int(n) for n in args.instances.split(",")]
    print(f"uptime: {uptime()}; {os.cpu_count()} CPUs; db {args.db}")
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="chat-load-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        clusters: list[Cluster] = []
        for size in sizes:
            # A database per cluster: the history a grade reads back grows with its own turns.
            env = stack.enter_context(database(args.db, work / f"db{size}"))
            clusters.append(stack.enter_context(cluster(size, work / f"c{size}", env)))
        rows = asyncio.run(measure(clusters, args))
        one = [c for c in clusters if c.instances == 1]
        if args.compare is not None and one:
            env = stack.enter_context(database("sqlite", work / "compare"))
            checkout = args.compare.resolve()
            before = stack.enter_context(cluster(1, work / "compare", env, checkout=checkout))
            rows += asyncio.run(compare_bursts(before, one[0], args))
    if args.compare:
        print("(base-then, before: the --compare checkout; after: this one; 1 instance)")
    summary(rows, args)
    print(f"uptime: {uptime()}")


if __name__ == "__main__":
    main()
