"""`interview-coach web` as a real server on a free loopback port, for end-to-end tests.

Offline engine, fixed seed, a temp history db; logins only when `users` is given."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ports import free_port

ROOT = Path(__file__).resolve().parents[1]
# A fixed test secret (not a real one): the same value across restarts keeps cookies valid.
TEST_AUTH_SECRET = "test-only-secret-" + "x" * 40


def offline_server_env(workdir: Path) -> dict[str, str]:
    """The environment of a test server: no keys, no logins, a fixed seed, history in `workdir`."""
    env = dict(os.environ)
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INTERVIEW_COACH_WEB_USERS"):
        env.pop(name, None)
    env.update(
        INTERVIEW_COACH_HISTORY_DB=str(workdir / "history.sqlite3"),
        INTERVIEW_COACH_SEED="7",
        INTERVIEW_COACH_FOLLOWUPS="2",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def live_server(
    tmp_path: Path, users: str | None = None, log_name: str = "server.log"
) -> Iterator[str]:
    """Yields the base URL; the server is stopped (and waited for) on exit."""
    port = free_port()
    env = offline_server_env(tmp_path)
    if users is not None:
        env["INTERVIEW_COACH_WEB_USERS"] = users
        env["CHAINLIT_AUTH_SECRET"] = TEST_AUTH_SECRET
    log_path = tmp_path / log_name
    cmd = [sys.executable, "-c", "from interview_coach.cli import main; main()"]
    cmd += ["web", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited early:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer in 30 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # Chainlit's data layer only logs a failed write and drops the row: that is a failure here.
    failed = [line for line in log_path.read_text().splitlines() if "error occurred" in line]
    assert not failed, f"the data layer failed: {failed[:3]}"
