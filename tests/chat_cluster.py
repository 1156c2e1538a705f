"""Several `interview-coach web` instances behind HAProxy on free loopback ports, as the README's
'Hosting for a class or a team' runs them: `interview-coach web --instances N` (one supervisor,
N servers on consecutive ports, one session secret) and the configuration `interview-coach
proxy-config haproxy` writes. For the failover test and `benchmarks/chat_load.py`.

One instance is `interview-coach web --port` alone, with no proxy (also for another checkout,
`checkout=`, whose code may predate `--instances`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from live_server import offline_server_env
from ports import free_ports

ROOT = Path(__file__).resolve().parents[1]
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
# A fixed test secret (not a real one), shared by the instances like a real deployment's.
CLUSTER_SECRET = "cluster-test-secret-" + "y" * 40
START_SECONDS = 60.0


class ClusterError(RuntimeError):
    """A server or the proxy did not start; the message holds the end of its log."""


@dataclass
class Cluster:
    url: str  # what a browser opens: the proxy, or the only instance
    instances: int
    ports: list[int]
    supervisor: subprocess.Popen[bytes]
    logs: list[Path] = field(default_factory=list)
    proxy: subprocess.Popen[bytes] | None = None

    def pids(self) -> dict[int, int]:
        """Instance port -> server pid (the supervisor's children, by their --port)."""
        if self.instances == 1:
            return {self.ports[0]: self.supervisor.pid}
        out: dict[int, int] = {}
        children = Path(f"/proc/{self.supervisor.pid}/task/{self.supervisor.pid}/children")
        for pid in children.read_text().split():
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"--port" in args:
                out[int(args[args.index(b"--port") + 1])] = int(pid)
        return out

    def cpu_seconds(self) -> float:
        """User + system CPU time the servers have used so far (Linux /proc)."""
        return sum(_cpu_seconds(pid) for pid in self.pids().values())

    def proxy_cpu_seconds(self) -> float:
        """The same for HAProxy (0 for one instance: no proxy)."""
        return _cpu_seconds(self.proxy.pid) if self.proxy is not None else 0.0

    def kill(self, port: int) -> None:
        """SIGKILL the instance on `port`: no clean shutdown, no session saved."""
        os.kill(self.pids()[port], signal.SIGKILL)

    def tail(self, chars: int = 3000) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-chars:]}" for p in self.logs if p.exists())


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (every thread), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_healthy(
    url: str, procs: list[subprocess.Popen[bytes]], what: str, logs: Callable[[], str]
) -> None:
    """Until `url` is healthy; on failure, the logs as they are then (not when waiting began)."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        if any(p.poll() is not None for p in procs):
            raise ClusterError(f"{what} exited early:\n{logs()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise ClusterError(f"{what} did not answer in {START_SECONDS:.0f} s:\n{logs()}")
        time.sleep(0.3)


def server_env(workdir: Path, extra: Mapping[str, str], checkout: Path) -> dict[str, str]:
    env = offline_server_env(workdir)
    env.update(
        INTERVIEW_COACH_GRADER__MODEL="offline",
        INTERVIEW_COACH_INTERVIEWER__MODEL="offline",
        CHAINLIT_AUTH_SECRET=CLUSTER_SECRET,
    )
    env.update(extra)
    if checkout != ROOT:
        env["PYTHONPATH"] = str(checkout / "src")
        env.pop("CHAINLIT_APP_ROOT", None)
    return env


@contextmanager
def cluster(
    instances: int,
    workdir: Path,
    env: Mapping[str, str] | None = None,
    checkout: Path = ROOT,
) -> Iterator[Cluster]:
    """`instances` servers (offline engine, seed 7) and, for more than one, HAProxy in front;
    everything is stopped (and waited for) on exit."""
    workdir.mkdir(parents=True, exist_ok=True)
    first = free_ports(instances + 1)
    listen, ports = first, list(range(first + 1, first + 1 + instances))
    cmd = [sys.executable, "-c", "from interview_coach.cli import main; main()", "web"]
    cmd += ["--host", "127.0.0.1", "--port", str(ports[0])]
    if instances > 1:
        cmd += ["--instances", str(instances)]
    log = workdir / "servers.log"
    with log.open("wb") as out:
        supervisor = subprocess.Popen(
            cmd, env=server_env(workdir, env or {}, checkout), cwd=checkout, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    c = Cluster(f"http://127.0.0.1:{ports[0]}", instances, ports, supervisor, [log])
    procs = [supervisor]
    try:
        for port in ports:
            _wait_healthy(f"http://127.0.0.1:{port}", procs, "a server", c.tail)
        if instances > 1:
            c.proxy = _haproxy(workdir, listen, ports, c)
            procs.append(c.proxy)
            c.url = f"http://127.0.0.1:{listen}"
            _wait_healthy(c.url, procs, "haproxy", c.tail)
        yield c
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _haproxy(workdir: Path, listen: int, ports: list[int], c: Cluster) -> subprocess.Popen[bytes]:
    from interview_coach.web.proxy_config import Address, haproxy_config

    backends = [Address("127.0.0.1", p) for p in ports]
    config = workdir / "haproxy.cfg"
    config.write_text(haproxy_config(Address("127.0.0.1", listen), backends))
    log = workdir / "haproxy.log"
    c.logs.append(log)
    with log.open("wb") as out:
        # -db: stay in the foreground, so stopping this process stops the proxy.
        return subprocess.Popen(
            [HAPROXY, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
