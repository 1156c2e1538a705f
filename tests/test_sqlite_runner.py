"""The chat's data layer on a SQLite file runs its SQL text in one thread hop per statement or
batch (`store/sqlite_runner.py`), not through aiosqlite's hop per cursor call; a batch is
committed before its write returns, all or nothing, and a failed batch of step rows is
written again row by row (on Postgres too)."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from interview_coach.store import HistoryStore
from interview_coach.store.sqlite_runner import SqliteRunner
from interview_coach.web import data_layer as data_layer_module
from interview_coach.web.data_layer import ERROR_MARK, CoachDataLayer
from test_web_resume import chainlit_context, layer, new_thread, stored_steps

__all__ = ["layer"]  # the fixture, shared with test_web_resume


@pytest.fixture
async def runner(tmp_path: Path) -> Any:
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    one = SqliteRunner(path)
    try:
        yield one
    finally:
        await one.close()


async def test_a_statement_returns_its_rows_or_the_rows_it_changed(runner: SqliteRunner) -> None:
    assert await runner.execute("INSERT INTO t (v) VALUES (:v)", {"v": "a"}) == 1
    assert await runner.execute("INSERT INTO t (v) VALUES (:v)", {"v": "b", "unused": 1}) == 1
    rows = await runner.execute("SELECT id, v FROM t WHERE v = :v", {"v": "b"})
    assert rows == [{"id": 2, "v": "b"}]
    assert await runner.execute("UPDATE t SET v = 'c'", {}) == 2
    with pytest.raises(sqlite3.Error):
        await runner.execute("INSERT INTO t (v) VALUES (NULL)", {})


async def test_a_batch_is_committed_when_it_returns_and_is_all_or_nothing(
    runner: SqliteRunner,
) -> None:
    insert = "INSERT INTO t (v) VALUES (:v)"
    await runner.batch([(insert, {"v": "a"}), (insert, {"v": "b"})])
    with sqlite3.connect(runner.path) as other:  # another connection: committed, not pending
        assert [r[0] for r in other.execute("SELECT v FROM t ORDER BY id")] == ["a", "b"]
    with pytest.raises(sqlite3.Error):
        await runner.batch([(insert, {"v": "c"}), (insert, {"v": None})])
    assert await runner.execute("SELECT v FROM t ORDER BY id", {}) == [{"v": "a"}, {"v": "b"}]
    await runner.batch([(insert, {"v": "d"})])  # no transaction was left open
    assert len(await runner.execute("SELECT v FROM t", {})) == 3


async def test_a_transaction_of_sqlalchemy_statements_commits_or_leaves_nothing(
    runner: SqliteRunner,
) -> None:
    from sqlalchemy import Connection, text

    def two(conn: Connection) -> int:
        conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
        return 2

    def broken(conn: Connection) -> None:
        conn.execute(text("INSERT INTO t (v) VALUES ('c')"))
        raise RuntimeError("after the first write")

    assert await runner.transaction(two) == 2
    with sqlite3.connect(runner.path) as other:
        assert other.execute("SELECT count(*) FROM t").fetchone() == (2,)
    with pytest.raises(RuntimeError):
        await runner.transaction(broken)
    assert await runner.execute("SELECT v FROM t ORDER BY id", {}) == [{"v": "a"}, {"v": "b"}]
    synchronous = await runner.transaction(lambda c: c.execute(text("PRAGMA synchronous")))
    assert synchronous.scalar_one() == 1


async def test_its_connection_is_set_up_like_the_engines(runner: SqliteRunner) -> None:
    """WAL, synchronous=NORMAL (1), the same busy timeout (`store/engine.sqlite_pragmas`)."""
    assert await runner.execute("PRAGMA journal_mode", {}) == [{"journal_mode": "wal"}]
    assert await runner.execute("PRAGMA synchronous", {}) == [{"synchronous": 1}]
    assert await runner.execute("PRAGMA busy_timeout", {}) == [{"timeout": 15000}]


async def test_the_cli_and_tests_open_the_file_for_each_call(tmp_path: Path) -> None:
    """Not `keep_open` (a store that is not the server's pooled one): no connection outlives a
    call, so a file deleted or replaced meanwhile is noticed, as with the engine's NullPool."""
    from sqlalchemy import text

    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    runner = SqliteRunner(path, keep_open=False)
    try:
        assert await runner.execute("INSERT INTO t (v) VALUES ('a')", {}) == 1
        await runner.transaction(lambda c: c.execute(text("INSERT INTO t (v) VALUES ('b')")))
        for leftover in tmp_path.glob("h.sqlite3*"):
            leftover.unlink()
        path.mkdir()
        with pytest.raises(sqlite3.Error):
            await runner.execute("SELECT v FROM t", {})
        with pytest.raises(Exception, match="unable to open"):
            await runner.transaction(lambda c: c.execute(text("SELECT v FROM t")))
    finally:
        await runner.close()


async def test_only_a_sqlite_file_gets_a_runner(tmp_path: Path) -> None:
    from sqlalchemy.engine import URL

    store = HistoryStore(tmp_path / "h.sqlite3")
    memory = HistoryStore(URL.create("sqlite+aiosqlite"))
    try:
        assert store.sqlite_runner() is store.sqlite_runner() is not None
        assert memory.sqlite_runner() is None
    finally:
        await store.close()
        await memory.close()


async def test_attempts_on_a_sqlite_file_run_no_statement_through_the_async_engine(
    tmp_path: Path,
) -> None:
    from interview_coach.models import EngineInfo, InterviewContext

    store = HistoryStore(tmp_path / "h.sqlite3", pooled=True)
    await store.ready()
    through_engine: list[str] = []
    event.listen(
        store.engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: through_engine.append(statement),
    )
    engine = EngineInfo(engine="offline", provider="offline", model="offline")
    try:
        saved = await store.save_pending(
            user="alice",
            context=InterviewContext(role="Nurse", company="St Mary's"),
            transcript=[],
            answer="I want to learn.",
            engine=engine,
        )
        again = await store.save_pending(
            user="alice",
            context=InterviewContext(role="Nurse", company="St Mary's"),
            transcript=[],
            answer="I want to learn more.",
            engine=engine,
            record_id=saved,
        )
        [record] = await store.list("alice")
        assert again == saved and record.answer == "I want to learn more."
        assert await store.delete(saved, "alice")
    finally:
        await store.close()
    assert through_engine == []


def step(thread_id: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "threadId": thread_id,
        "name": "Interviewer",
        "type": "assistant_message",
        "streaming": False,
        "output": text,
        "createdAt": "2026-01-01T00:00:00Z",
        **extra,
    }


async def test_the_data_layer_on_sqlite_runs_no_statement_through_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chainlit.data

    store = HistoryStore(tmp_path / "h.sqlite3")
    await store.ready()
    layer = CoachDataLayer(store)
    monkeypatch.setattr(chainlit.data, "_data_layer", layer)
    monkeypatch.setattr(chainlit.data, "_data_layer_initialized", True)
    through_engine: list[str] = []
    event.listen(
        store.engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: through_engine.append(statement),
    )
    try:
        thread_id = await new_thread(layer, "alice")
        async with chainlit_context(thread_id):
            await asyncio.gather(*(layer.create_step(step(thread_id, f"s{n}")) for n in range(3)))
        assert len(await stored_steps(layer, thread_id)) == 3
        assert await layer.get_user("alice") is not None
    finally:
        await store.close()
    assert through_engine == []


async def test_a_failed_batch_of_steps_is_written_again_row_by_row(
    layer: CoachDataLayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One bad row (a column the table lacks) fails its batch; every other chat's row still
    lands, and the bad one is logged as Chainlit logs a failed write."""
    logged: list[str] = []

    class Log:
        @staticmethod
        def warning(template: str, *args: Any) -> None:
            logged.append(template % args)

    monkeypatch.setattr(data_layer_module, "chainlit_log", Log)
    thread_id = await new_thread(layer, "alice")
    good = [step(thread_id, f"good {n}") for n in range(4)]
    async with chainlit_context(thread_id):
        await asyncio.gather(
            *(layer.create_step(s) for s in good[:2]),
            layer.create_step(step(thread_id, "bad", no_such_column="x")),
            *(layer.create_step(s) for s in good[2:]),
        )
    outputs = sorted(s["output"] for s in await stored_steps(layer, thread_id))
    assert outputs == [f"good {n}" for n in range(4)]
    assert len(logged) == 1 and logged[0].startswith(ERROR_MARK)
