"""What `chat_load.py` measures and prints: the turns of one run, one row per run, the summary.

Every row carries the CPU time per turn of the servers, of HAProxy and of the simulated users
(this process): on a small machine the users run on the servers' cores, and a throughput
ratio only measures the servers if the users' share is small (the summary says how small).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    """Every turn time of one run, with errors, wall time and the CPU time used meanwhile."""

    turns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    server_cpu: float = 0.0  # the chat servers
    proxy_cpu: float = 0.0  # HAProxy (two instances)
    client_cpu: float = 0.0  # this process: the simulated users
    machine_cpu: float = 0.0  # every process on the machine (other work included)


def machine_cpu_seconds() -> float:
    """CPU time every process on the machine has used since boot (Linux /proc/stat); 0 when
    unknown."""
    try:
        ticks = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(t) for t in ticks[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def uptime() -> str:
    with contextlib.suppress(OSError):
        seconds = float(Path("/proc/uptime").read_text().split()[0])
        return f"{time.strftime('%H:%M:%S')} up {seconds / 60:.0f} min, load average: {load()}"
    return f"{time.strftime('%H:%M:%S')} load average: {load()}"


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
    client: str = "light"
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

    def per_turn_ms(self, cpu: float) -> float:
        return 1000 * cpu / max(1, len(self.sample.turns))

    def share(self, cpu: float) -> float:
        """`cpu` seconds as a share of the whole machine's CPU during the run."""
        return cpu / (self.sample.wall * (os.cpu_count() or 1) or 1)

    @property
    def client_share(self) -> float:
        return self.share(self.sample.client_cpu)

    @property
    def others_share(self) -> float:
        """What the rest of the machine (other people's work) took meanwhile."""
        s = self.sample
        ours = s.server_cpu + s.proxy_cpu + s.client_cpu
        return self.share(max(0.0, s.machine_cpu - ours)) if s.machine_cpu else float("nan")

    def line(self) -> str:
        s = self.sample
        return (
            f"{self.label:<10} {self.client:<8} {self.users:5d} {self.instances:4d} "
            f"{len(s.turns):6d} {1000 * self.p50:7.0f} {1000 * self.p95:7.0f} "
            f"{self.p50 / self.base_p50:8.2f} {self.p95 / self.base_p50:8.2f} {self.rate:7.1f} "
            f"{len(s.errors):6d} {self.per_turn_ms(s.server_cpu):7.1f} "
            f"{self.per_turn_ms(s.proxy_cpu):6.1f} {self.per_turn_ms(s.client_cpu):7.1f} "
            f"{100 * self.client_share:5.0f}% {100 * self.others_share:5.0f}%  {self.load}"
        )


HEADER = (
    "shape      client   users inst  turns  p50 ms  p95 ms  p50/base p95/base turns/s errors "
    "  CPU ms per turn: server  proxy  client  machine share: client others  load 1/5/15"
)


def report_errors(row: Row) -> None:
    for error in sorted(set(row.sample.errors))[:3]:
        print(f"  [{row.label} {row.users} users, {row.instances} inst] error: {error}")


def find(rows: list[Row], label: str, users: int, instances: int, client: str) -> list[Row]:
    key = (label, users, instances, client)
    return [r for r in rows if (r.label, r.users, r.instances, r.client) == key]


@dataclass
class Bursts:
    """The interleaved bursts of one cluster size with one client: median rate, pooled CPU."""

    rows: list[Row]

    @property
    def rate(self) -> float:
        return statistics.median(r.rate for r in self.rows)

    def per_turn_ms(self, what: str) -> float:
        turns = sum(len(r.sample.turns) for r in self.rows)
        return 1000 * sum(getattr(r.sample, what) for r in self.rows) / max(1, turns)

    def shares(self, what: str) -> str:
        return "/".join(f"{100 * getattr(r, what):.0f}" for r in self.rows)


def ceiling(one: Bursts, two: Bursts) -> str:
    """The best two/one ratio this machine allows. Two instances can use every core the proxy and
    the simulated users leave them (from the CPU per turn, which other people's load does not
    move). One instance is not held to one core: its database and model threads run beside its
    event loop, so its own measured rate, and the cores it used for it, are the baseline."""
    cores = os.cpu_count() or 1
    cost2 = sum(two.per_turn_ms(what) for what in ("server_cpu", "proxy_cpu", "client_cpu"))
    rate2 = 1000 * cores / cost2
    used1 = one.per_turn_ms("server_cpu") * one.rate / 1000
    return (
        f"CPU-bound ceiling on {cores} idle cores: two instances at most {rate2:.0f} turns/s "
        f"(CPU per turn), one instance measured {one.rate:.0f} turns/s on {used1:.2f} cores of "
        f"server CPU: {rate2 / one.rate:.2f}x at best"
    )


def summary(rows: list[Row], args: argparse.Namespace) -> None:
    main, n = args.clients[0], args.burst_users
    print()
    one = Bursts(find(rows, "burst", n, 1, main))
    two = Bursts(find(rows, "burst", n, 2, main))
    if one.rows and two.rows:
        print(
            f"burst throughput, two instances / one: {two.rate / one.rate:.2f}x "
            f"({two.rate:.1f} vs {one.rate:.1f} turns/s, medians of {len(two.rows)} interleaved "
            f"bursts; goal >= 1.7x)\n  per turn, servers {two.per_turn_ms('server_cpu'):.1f} vs "
            f"{one.per_turn_ms('server_cpu'):.1f} ms CPU, proxy "
            f"{two.per_turn_ms('proxy_cpu'):.1f} ms, simulated users "
            f"{two.per_turn_ms('client_cpu'):.1f} vs {one.per_turn_ms('client_cpu'):.1f} ms; "
            f"machine share of other processes per burst, % (2 inst; 1 inst): "
            f"{two.shares('others_share')}; {one.shares('others_share')}"
        )
        print(f"  {ceiling(one, two)}")
        if getattr(args, "db", "sqlite") == "postgres":
            share = statistics.median(r.others_share for r in two.rows)
            print(
                f"  (Postgres's own CPU is not in that ceiling: it is in 'other processes', "
                f"{100 * share:.0f}% of the machine during the two-instance bursts)"
            )
    for other in args.clients[1:]:
        for mine in (m for m in (one, two) if m.rows):
            theirs = Bursts(find(rows, "burst", n, mine.rows[0].instances, other))
            if theirs.rows:
                print(
                    f"simulated users' CPU per turn ({mine.rows[0].instances} inst): {other} "
                    f"{theirs.per_turn_ms('client_cpu'):.1f} ms -> {main} "
                    f"{mine.per_turn_ms('client_cpu'):.1f} ms (servers: "
                    f"{theirs.per_turn_ms('server_cpu'):.1f} -> "
                    f"{mine.per_turn_ms('server_cpu'):.1f} ms); throughput {theirs.rate:.1f} -> "
                    f"{mine.rate:.1f} turns/s"
                )
        theirs1 = Bursts(find(rows, "burst", n, 1, other))
        theirs2 = Bursts(find(rows, "burst", n, 2, other))
        if theirs1.rows and theirs2.rows:
            print(f"  with {other} users, {ceiling(theirs1, theirs2)}")
    most = max(args.realistic_users, default=0)
    for big in find(rows, "realistic", most, 2, main):
        print(f"realistic {most} users, two instances: p95 {1000 * big.p95:.0f} ms (goal <= 300)")
    before = [r.p95 for r in find(rows, "before", args.burst_users, 1, main)]
    after = [r.p95 for r in find(rows, "after", args.burst_users, 1, main)]
    if before and after:
        b, a = statistics.median(before), statistics.median(after)
        print(
            f"burst p95, --compare checkout -> this one (1 instance, {len(before)} interleaved "
            f"bursts each, medians): {b:.3f} s -> {a:.3f} s, {b / a:.1f}x better (goal >= 3x)"
        )
        if two.rows:
            p95 = statistics.median(r.p95 for r in two.rows)
            print(
                f"burst p95, --compare checkout (1 instance) -> this one with 2 instances: "
                f"{b:.3f} s -> {p95:.3f} s, {b / p95:.1f}x better"
            )
