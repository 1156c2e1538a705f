"""An unusable history database: `history` tells "no history" from "cannot read it", and `web`
refuses to start on a path it cannot use (unless --no-history)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from history_fill import save_graded, with_store
from interview_coach.cli import main
from interview_coach.models import InterviewContext
from interview_coach.offline import OfflineGrader
from interview_coach.store import HistoryStore
from test_cli import GOOD


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def _filled(path: Path, rows: int) -> None:
    report = asyncio.run(OfflineGrader().grade(GOOD, InterviewContext()))

    async def fill(store: HistoryStore) -> None:
        for _ in range(rows):
            await save_graded(store, report, GOOD)

    with_store(path, fill)


def _corrupt_index(path: Path) -> None:
    """Zero the pages of the (user, id) index, as a torn write would, and leave the table."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='attempts_user'").fetchone()
    conn.close()
    with path.open("r+b") as f:
        f.seek((root[0] - 1) * page_size)
        f.write(b"\x00" * page_size)


def test_missing_history_is_no_history_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "history", "--history-db", str(tmp_path / "none.sqlite3"))
    assert code == 0 and "No history yet" in out


@pytest.mark.parametrize("damage", ["folder", "garbage", "index"])
@pytest.mark.parametrize("flags", [(), ("--all-users",)])
def test_a_history_that_cannot_be_read_is_exit_2_with_a_message(
    damage: str,
    flags: tuple[str, ...],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "history.sqlite3"
    if damage == "folder":
        path.mkdir()
    elif damage == "garbage":
        path.write_bytes(b"this is not an SQLite file " * 200)
    else:
        _filled(path, 5)
        _corrupt_index(path)
    monkeypatch.setenv("INTERVIEW_COACH_HISTORY_DB", str(path))
    code, out, err = run(capsys, "history", *flags)
    assert code == 2, out + err
    assert "cannot use the history database" in err or "cannot read" in err
    assert "No attempts" not in out and "No history" not in out
    assert "Traceback" not in out + err and "unexpected error" not in err


def test_web_refuses_an_unusable_history_path_unless_no_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, str]] = []
    monkeypatch.setattr("interview_coach.cli.web_cmd.serve", lambda cmd, env: started.append(env))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    bad = str(blocker / "history.sqlite3")
    code, _, err = run(capsys, "web", "--history-db", bad)
    assert code == 2 and "cannot use the history database" in err and "--no-history" in err
    assert started == []
    code, _, err = run(capsys, "web", "--history-db", bad, "--no-history")
    assert code == 0, err
    [env] = started
    assert env["INTERVIEW_COACH_HISTORY"] == "false"


def test_no_history_keeps_attempts_in_memory_for_the_run_only() -> None:
    from interview_coach.store import MemoryHistoryStore

    report = asyncio.run(OfflineGrader().grade(GOOD, InterviewContext()))

    async def check(store: HistoryStore) -> None:
        await save_graded(store, report, GOOD)
        [record] = await store.list()
        assert record.answer == GOOD and record.status == "scored"
        other = MemoryHistoryStore()
        assert await other.list() == []
        await other.close()

    with_store(MemoryHistoryStore(), check)
    assert not list(Path.cwd().glob("memory-*"))
