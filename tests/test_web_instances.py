"""`interview-coach web --instances N`: N servers on consecutive ports, one session secret,
stopped together (a stopping instance leaves the others' chat files alone)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from chat_cluster import ROOT, cluster
from interview_coach.cli.web_instances import shared_env


def test_the_instances_share_one_secret_and_keep_one_that_is_set() -> None:
    made = shared_env({})
    assert len(made["CHAINLIT_AUTH_SECRET"]) >= 32
    assert shared_env({})["CHAINLIT_AUTH_SECRET"] != made["CHAINLIT_AUTH_SECRET"]
    assert shared_env({"CHAINLIT_AUTH_SECRET": "s" * 40})["CHAINLIT_AUTH_SECRET"] == "s" * 40


def test_two_instances_serve_on_consecutive_ports_and_stop_together(tmp_path: Path) -> None:
    with cluster(2, tmp_path) as c:
        pids = c.pids()
        assert sorted(pids) == c.ports and c.ports[1] == c.ports[0] + 1
        assert len(set(pids.values())) == 2
        for port in c.ports:
            assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).json() == {
                "status": "ok"
            }
        files = [ROOT / ".files" / str(pid) for pid in pids.values()]
        assert all(f.is_dir() for f in files), "one files folder per instance"
        c.supervisor.send_signal(signal.SIGTERM)
        assert c.supervisor.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pids.values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in pids.values()), "no server left behind"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
