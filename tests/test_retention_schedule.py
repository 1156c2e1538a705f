"""Retention applies again while the chat runs, not only at start; a failing database is tried
again next time instead of ending the schedule."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from interview_coach.store import HistoryStore, lifecycle
from interview_coach.store.erase import Erased
from test_history import _count, _pending, _thread


async def _run_for(store: HistoryStore, seconds: float, every: float) -> None:
    task = asyncio.create_task(lifecycle.purge_periodically(store, 30, every=every))
    await asyncio.sleep(seconds)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_purges_again_and_again_while_running(monkeypatch: pytest.MonkeyPatch) -> None:
    cutoffs: list[datetime] = []

    async def purge(store: Any, days: int, now: datetime | None = None) -> Erased:
        cutoffs.append(datetime.now(UTC) - timedelta(days=days))
        return Erased(sessions=1)

    monkeypatch.setattr(lifecycle, "purge_older_than", purge)
    await _run_for(object(), 0.35, every=0.1)  # type: ignore[arg-type]
    assert 2 <= len(cutoffs) <= 4
    assert cutoffs == sorted(cutoffs)  # each run computes its own cutoff from the clock


async def test_a_failing_database_is_tried_again(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0

    async def purge(store: Any, days: int, now: datetime | None = None) -> Erased:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OperationalError("DELETE", {}, Exception("database is locked"))
        return Erased()

    monkeypatch.setattr(lifecycle, "purge_older_than", purge)
    with caplog.at_level(logging.WARNING, logger=lifecycle.__name__):
        await _run_for(object(), 0.25, every=0.1)  # type: ignore[arg-type]
    assert calls >= 2
    assert "retention failed" in caplog.text


async def test_old_sessions_go_while_new_ones_stay(any_store: HistoryStore) -> None:
    """On SQLite and Postgres: a session that grew old while the server ran is deleted."""
    old = (datetime.now(UTC) - timedelta(days=40)).replace(tzinfo=None).isoformat() + "Z"
    await _thread(any_store, "alice", created=old)
    kept = await _thread(any_store, "alice")
    await _pending(any_store, "alice", "new", thread=kept)
    await _run_for(any_store, 0.3, every=0.05)
    assert await _count(any_store, "threads") == 1
    assert [r.answer for r in await any_store.list("alice")] == ["new"]
