"""Chat load: N simulated users, each a socket.io websocket client speaking Chainlit's protocol,
complete a full offline interview (answer, follow-ups, feedback) against the real server.

Reports p50/p95 seconds per turn (answer sent -> the server's `task_end` for it) and errors at
1, 10 and 50 concurrent users, with the ratio of p50 to the 1-user p50 measured in the same run.

    .venv/bin/python benchmarks/chat_load.py [--users 1,10,50] [--timeout 30]

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
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import socketio

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = (
    "I just want a stable job and to learn some things.",
    "Maybe I would like to get better at my work.",
    "I think I would stay a few years if it goes well.",
    "I am not sure yet, I will see.",
)
MAX_TURNS = len(ANSWERS)
FEEDBACK_MARKERS = ("Your score:", "couldn't score")


@dataclass
class UserResult:
    turn_times: list[float] = field(default_factory=list)
    error: str | None = None
    finished: bool = False


class ChatClient:
    """One browser tab's worth of Chainlit socket.io traffic."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.streamed: set[str] = set()
        self.sio.on("*", self._on_event)

    async def _on_event(self, event: str, data: Any = None) -> None:
        self.events.put_nowait((event, data))

    async def connect(self) -> None:
        auth = {
            "sessionId": str(uuid.uuid4()),
            "clientType": "webapp",
            "userEnv": "{}",
            "chatProfile": None,
            "threadId": None,
        }
        await self.sio.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            auth=auth,
            wait_timeout=self.timeout,
        )
        await self.sio.emit("connection_successful")

    async def _next(self, deadline: float) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), max(0.01, deadline - time.monotonic()))

    async def wait_opening(self) -> None:
        """Until on_chat_start is done: the greeting (with its Start button), then `task_end`.
        The first answer then also asks the question, as it does for a person who just types."""
        deadline = time.monotonic() + self.timeout
        greeted = False
        while True:
            event, data = await self._next(deadline)
            if event == "new_message" and data.get("type") == "assistant_message":
                greeted = True
            elif event == "task_end" and greeted:
                return

    async def answer(self, text: str) -> tuple[float, str]:
        """Send one answer; return the turn time and everything the interviewer said."""
        message = {
            "id": str(uuid.uuid4()),
            "threadId": "",
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        started = time.monotonic()
        await self.sio.emit("client_message", {"message": message, "fileReferences": None})
        deadline = started + self.timeout
        said: list[str] = []
        while True:
            event, data = await self._next(deadline)
            if event == "new_message" and data.get("type") == "assistant_message":
                said.append(data.get("output", ""))
            elif event == "task_end":
                return time.monotonic() - started, "\n".join(said)

    async def close(self) -> None:
        await self.sio.disconnect()


async def one_user(url: str, timeout: float) -> UserResult:
    result = UserResult()
    client = ChatClient(url, timeout)
    try:
        await client.connect()
        await client.wait_opening()
        for text in ANSWERS:
            elapsed, said = await client.answer(text)
            result.turn_times.append(elapsed)
            if any(marker in said for marker in FEEDBACK_MARKERS):
                result.finished = True
                break
        if not result.finished:
            result.error = f"no feedback after {MAX_TURNS} answers"
    except Exception as exc:  # a benchmark reports failures, it does not stop on them
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        with contextlib.suppress(Exception):
            await client.close()
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ)
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INTERVIEW_COACH_WEB_USERS"):
        env.pop(name, None)
    env.update(
        INTERVIEW_COACH_HISTORY_DB=str(workdir / "history.sqlite3"),
        INTERVIEW_COACH_SEED="7",
        INTERVIEW_COACH_FOLLOWUPS="2",
        INTERVIEW_COACH_GRADER__MODEL="offline",
        INTERVIEW_COACH_INTERVIEWER__MODEL="offline",
    )
    cmd = [sys.executable, "-c", "from interview_coach.cli import main; main()"]
    cmd += ["web", "--host", "127.0.0.1", "--port", str(port)]
    log = (workdir / "server.log").open("wb")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited:\n{(workdir / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start within 40 s")


async def run_level(url: str, users: int, timeout: float, rounds: int = 1) -> list[UserResult]:
    """`users` concurrent interviews, `rounds` times in a row (more samples for the baseline)."""
    results: list[UserResult] = []
    for _ in range(rounds):
        tasks = [one_user(url, timeout) for _ in range(users)]
        results += await asyncio.wait_for(asyncio.gather(*tasks), timeout * (MAX_TURNS + 2))
    return results


async def main_async(url: str, levels: list[int], timeout: float, baseline_rounds: int) -> None:
    rows = []
    baseline: float | None = None
    for users in levels:
        started = time.monotonic()
        rounds = baseline_rounds if users == 1 else 1
        results = await run_level(url, users, timeout, rounds)
        wall = time.monotonic() - started
        times = [t for r in results for t in r.turn_times]
        errors = [r.error for r in results if r.error]
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        if baseline is None:
            baseline = p50
        rows.append((users, len(times), p50, p95, len(errors), p50 / baseline, wall))
        for error in sorted(set(errors))[:3]:
            print(f"  [{users} users] error: {error}")
    print()
    print("users  turns   p50 s   p95 s  errors  p50 / p50@1  wall s")
    for users, turns, p50, p95, errs, ratio, wall in rows:
        print(
            f"{users:5d}  {turns:5d}  {p50:6.3f}  {p95:6.3f}  {errs:6d}  {ratio:11.2f}  {wall:6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="1,10,50", help="comma-separated levels, max 50")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per turn")
    parser.add_argument("--url", default=None, help="use a running server instead")
    parser.add_argument(
        "--baseline-rounds", type=int, default=5, help="sequential 1-user interviews (baseline)"
    )
    args = parser.parse_args()
    levels = sorted({min(50, max(1, int(n))) for n in args.users.split(",")})
    with tempfile.TemporaryDirectory(prefix="chat-load-") as tmp:
        proc = None
        url = args.url
        if url is None:
            proc, url = start_server(Path(tmp))
        try:
            print(f"server {url}; levels {levels}; full offline interview per user")
            asyncio.run(main_async(url, levels, args.timeout, max(1, args.baseline_rounds)))
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()
