"""What the chat server does once started and at shutdown, through Chainlit's own hooks (which
keep one function each): retention's schedule starts and stops, and the collector settles the
heap. Run in a child process: importing the app configures Chainlit for the whole process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import asyncio, gc, sys
from chainlit.config import config
from interview_coach.web import app, gc_settings

async def main():
    await config.code.on_app_startup()
    assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == gc_settings.YOUNG_THRESHOLD
    tasks = list(app._BACKGROUND)
    assert len(tasks) == int(sys.argv[1]), tasks
    await config.code.on_app_shutdown()
    await asyncio.sleep(0)
    assert all(task.cancelled() for task in tasks), tasks
    print("ok")

asyncio.run(main())
"""


@pytest.mark.parametrize("retention", [None, "30"])
def test_startup_and_shutdown_hooks(tmp_path: Path, retention: str | None) -> None:
    env = {
        **os.environ,
        "INTERVIEW_COACH_HISTORY_DB": str(tmp_path / "h.sqlite3"),
        "CHAINLIT_APP_ROOT": str(tmp_path),
    }
    env.pop("INTERVIEW_COACH_RETENTION_DAYS", None)
    if retention:
        env["INTERVIEW_COACH_RETENTION_DAYS"] = retention
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "1" if retention else "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
