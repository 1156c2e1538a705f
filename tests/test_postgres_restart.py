"""A Postgres restart under a running server loses nothing: the pool pings a connection that sat
idle (instead of pinging at every use, which cost a round trip per statement), and the data
layer runs a statement that found its connection dead once more on a new one."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from interview_coach.models import EngineInfo, InterviewContext
from interview_coach.store import HistoryStore
from interview_coach.store import engine as store_engine
from interview_coach.web.data_layer import CoachDataLayer

OFFLINE = EngineInfo(engine="offline", provider="offline", model="rules")


async def pg_store(pg_url: str) -> HistoryStore:
    from pg_cluster import fresh_database

    url = await fresh_database(pg_url)
    return HistoryStore(make_url(url).set(drivername="postgresql+asyncpg"))


async def save(store: HistoryStore, answer: str) -> int:
    return await store.save_pending(
        user="alice", context=InterviewContext(), transcript=[], answer=answer, engine=OFFLINE
    )


async def test_the_store_survives_a_postgres_restart(pg_url: str) -> None:
    from pg_cluster import restart

    store = await pg_store(pg_url)
    try:
        first = await save(store, "before the restart")
        restart(pg_url)
        await asyncio.sleep(store_engine.PING_AFTER_IDLE_S)
        second = await save(store, "after the restart")
        answers = {r.id: r.answer for r in await store.list("alice")}
        assert answers == {first: "before the restart", second: "after the restart"}
    finally:
        await store.close()


async def test_a_busy_connection_cut_by_a_restart_is_retried_once(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No idle wait: the pooled connection looks alive, its statement fails, and the data
    layer's second try (on a new connection) stores the row; nothing is logged as lost."""
    from pg_cluster import restart

    monkeypatch.setattr(store_engine, "PING_AFTER_IDLE_S", 3600.0)
    store = await pg_store(pg_url)
    layer = CoachDataLayer(store)
    connects: list[Any] = []
    event.listen(store.engine.sync_engine, "connect", lambda *_: connects.append(1))
    try:
        await layer.execute_sql("SELECT 1 AS one", {})
        restart(pg_url)
        rows = await layer.execute_sql("SELECT 2 AS two", {})
        assert rows == [{"two": 2}] and len(connects) == 2
    finally:
        await store.close()


async def test_no_ping_for_a_connection_used_a_moment_ago(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(`pool_pre_ping` would ping before each of these statements.)"""
    monkeypatch.setattr(store_engine, "PING_AFTER_IDLE_S", 60.0)
    store = await pg_store(pg_url)
    pings: list[Any] = []
    original = store.engine.dialect.do_ping
    monkeypatch.setattr(store.engine.dialect, "do_ping", lambda c: pings.append(1) or original(c))
    try:
        for n in range(3):
            await save(store, f"answer {n}")
        assert pings == []
    finally:
        await store.close()


async def test_a_burst_reuses_the_pools_connections_instead_of_opening_more(pg_url: str) -> None:
    """50 saves at once open at most `POSTGRES_CONNECTIONS` connections, and a second burst
    opens none: no connection is opened and closed again for each wave of work."""
    store = await pg_store(pg_url)
    connects: list[int] = []
    event.listen(store.engine.sync_engine, "connect", lambda *_: connects.append(1))
    try:
        await asyncio.gather(*(save(store, f"first {n}") for n in range(50)))
        opened = len(connects)
        await asyncio.gather(*(save(store, f"second {n}") for n in range(50)))
        assert 1 <= opened <= store_engine.POSTGRES_CONNECTIONS
        assert len(connects) == opened
        assert len(await store.list("alice")) == 100
    finally:
        await store.close()
