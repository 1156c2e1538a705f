"""The web server's SQLite store keeps its connection between uses (connecting cost more than
the chat's statements themselves); the CLI and tests, which run several event loops in turn,
connect per use. Both sync the disk the way WAL recommends (NORMAL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from interview_coach.config import Settings
from interview_coach.store.access import open_history
from interview_coach.store.engine import make_engine, sqlite_url

SYNCHRONOUS_NORMAL = 1


async def connections_for_five_uses(pooled: bool, path: Path) -> tuple[int, int]:
    engine = make_engine(sqlite_url(path), pooled=pooled)
    connects: list[object] = []
    event.listen(engine.sync_engine, "connect", lambda *_: connects.append(1))
    try:
        for _ in range(5):
            async with engine.begin() as conn:
                await conn.execute(text("SELECT 1"))
        async with engine.connect() as conn:
            synchronous = (await conn.execute(text("PRAGMA synchronous"))).scalar_one()
    finally:
        await engine.dispose()
    return len(connects), synchronous


@pytest.mark.parametrize(("pooled", "expected"), [(True, 1), (False, 6)])
async def test_connections_per_use(tmp_path: Path, pooled: bool, expected: int) -> None:
    connects, synchronous = await connections_for_five_uses(pooled, tmp_path / "h.sqlite3")
    assert connects == expected and synchronous == SYNCHRONOUS_NORMAL


def test_the_server_asks_for_the_pooled_store(tmp_path: Path) -> None:
    settings = Settings(history_db=tmp_path / "h.sqlite3")
    assert type(open_history(settings, pooled=True).engine.pool).__name__ == (
        "AsyncAdaptedQueuePool"
    )
    assert type(open_history(settings).engine.pool).__name__ == "NullPool"
    source = (Path(__file__).resolve().parents[1] / "src/interview_coach/web/app.py").read_text()
    assert "open_history(SETTINGS, pooled=True)" in source
