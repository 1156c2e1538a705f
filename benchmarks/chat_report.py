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


def summary(rows: list[Row], args: argparse.Namespace) -> None:
    main = args.clients[0]
    print()
    one = find(rows, "burst", args.burst_users, 1, main)
    two = find(rows, "burst", args.burst_users, 2, main)
    if one and two:
        rate1, rate2 = one[0].rate, two[0].rate
        print(
            f"burst throughput, two instances / one: {rate2 / rate1:.2f}x "
            f"({rate2:.1f} vs {rate1:.1f} turns/s; goal >= 1.7x); of the machine's CPU, the "
            f"simulated users took {100 * one[0].client_share:.0f}% / "
            f"{100 * two[0].client_share:.0f}%, other processes {100 * one[0].others_share:.0f}% "
            f"/ {100 * two[0].others_share:.0f}%"
        )
    for other in args.clients[1:]:
        for mine in one + two:
            theirs = find(rows, "burst", args.burst_users, mine.instances, other)
            if theirs:
                a, b = mine.per_turn_ms(mine.sample.client_cpu), theirs[0]
                print(
                    f"simulated users' CPU per turn ({mine.instances} inst): {other} "
                    f"{b.per_turn_ms(b.sample.client_cpu):.1f} ms -> {main} {a:.1f} ms "
                    f"(servers: {b.per_turn_ms(b.sample.server_cpu):.1f} -> "
                    f"{mine.per_turn_ms(mine.sample.server_cpu):.1f} ms)"
                )
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
        if two:
            print(
                f"burst p95, --compare checkout (1 instance) -> this one with 2 instances: "
                f"{b:.3f} s -> {two[0].p95:.3f} s, {b / two[0].p95:.1f}x better"
            )
