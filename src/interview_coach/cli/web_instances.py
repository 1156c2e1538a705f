"""`interview-coach web --instances N`: N chat servers on consecutive ports, stopped together.

For a class or a team behind a sticky proxy (`interview-coach proxy-config`). The servers share
one database and one session secret: a browser whose instance dies is moved by the proxy to
another, which must accept its signed cookie and find its chat in the database.
"""

from __future__ import annotations

import contextlib
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from types import FrameType

from ..web.auth import AUTH_SECRET_VAR

POLL_SECONDS = 0.5
STOP_SECONDS = 10.0


def shared_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with a session secret every instance shares (a fresh one unless one is set: a
    secret made by each instance on its own would sign every moved browser out)."""
    out = dict(env)
    if not out.get(AUTH_SECRET_VAR):
        out[AUTH_SECRET_VAR] = secrets.token_urlsafe(48)
    return out


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the supervisor dies (even by SIGKILL), so no server is
    left holding its port. Linux only; elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def run_instances(
    commands: Sequence[Sequence[str]],
    env: dict[str, str],
    say: Callable[[str], None],
) -> int:
    """Start every command, wait until all have exited or a stop signal arrives, then stop the
    rest. An instance that exits on its own is reported; the others keep serving (the proxy
    stops sending browsers to it). Returns 0 after a requested stop, else 1."""
    stopping = False

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, request_stop)
    procs = [subprocess.Popen(list(c), env=env, preexec_fn=_die_with_parent) for c in commands]
    reported: set[int] = set()
    try:
        while not stopping and any(p.poll() is None for p in procs):
            for i, proc in enumerate(procs):
                if proc.returncode is not None and i not in reported:
                    reported.add(i)
                    say(f"instance {i + 1} exited with code {proc.returncode}")
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        stopping = True  # Ctrl-C reached the servers too (same process group): they stop
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(procs)
    return 0 if stopping else 1


def _stop(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
