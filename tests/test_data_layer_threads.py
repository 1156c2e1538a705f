"""The data layer checks that a chat's thread exists once, not before every step it writes (a
query per step on the event loop), and stores nothing more of a chat whose person deleted all
their data from it. On SQLite and Postgres (where a step without its thread is refused: the
autouse fixture fails on the data layer's logged error)."""

from __future__ import annotations

from typing import Any

from interview_coach.web.data_layer import CoachDataLayer
from interview_coach.web.ui import ChainlitUI
from test_sqlite_runner import step as runner_step
from test_web_resume import (
    THIN,
    chainlit_context,
    controller,
    layer,
    new_thread,
    stored_steps,
    typed,
)

__all__ = ["layer"]  # the fixture, shared with test_web_resume


def spy_queries(layer: CoachDataLayer, monkeypatch: Any) -> list[str]:
    queries: list[str] = []
    original = layer.execute_sql

    async def spy(query: str, parameters: dict[str, Any]) -> Any:
        queries.append(" ".join(query.split()))
        return await original(query, parameters)

    monkeypatch.setattr(layer, "execute_sql", spy)
    return queries


async def test_steps_of_a_known_thread_do_not_look_it_up_again(
    layer: CoachDataLayer, monkeypatch: Any
) -> None:
    thread_id = await new_thread(layer, "alice")
    queries = spy_queries(layer, monkeypatch)
    for text in ("one", "two", "three"):
        await typed(layer, thread_id, text)
    assert not [q for q in queries if q.startswith('SELECT "metadata" FROM threads')]
    assert [s["output"] for s in await stored_steps(layer, thread_id)] == ["one", "two", "three"]


async def test_a_thread_this_process_never_wrote_is_still_made(layer: CoachDataLayer) -> None:
    """Another instance's thread, or a new one: Chainlit's own check runs and creates it."""
    import uuid

    thread_id = str(uuid.uuid4())
    await typed(layer, thread_id, "hello")
    assert [s["output"] for s in await stored_steps(layer, thread_id)] == ["hello"]


async def answer_then_delete_all(chat: Any) -> None:
    """An interview started and answered, then "Delete all my data" confirmed in it."""
    await chat.start()
    await chat.action("start")
    await chat.message(THIN)
    await chat.action("delete_my_data")
    await chat.action("confirm_delete_all")


async def test_after_delete_all_nothing_more_of_that_chat_is_stored(
    layer: CoachDataLayer,
) -> None:
    """The chat goes on, but neither its steps nor its attempts are saved again: they would
    land in a thread remade without an owner (the user row is gone too). Other chats still are."""
    thread_id = await new_thread(layer, "alice")
    await typed(layer, thread_id, "one")
    async with chainlit_context(thread_id):
        chat = controller(layer.store, "alice", thread_id, ChainlitUI())
        await answer_then_delete_all(chat)
        await chat.message(THIN)
        await chat.action("feedback_now")
    await typed(layer, thread_id, "two")
    assert await layer.get_thread(thread_id) is None
    assert await layer.store.list("alice") == []
    assert chat.session.answer_text  # the chat still holds what was typed
    other = await new_thread(layer, "alice")
    await typed(layer, other, "three")
    assert [s["output"] for s in await stored_steps(layer, other)] == ["three"]


async def test_steps_written_at_once_for_a_new_thread_check_it_once(
    layer: CoachDataLayer, monkeypatch: Any
) -> None:
    """Chainlit flushes the steps queued before the first message all at once."""
    import asyncio
    import uuid

    thread_id = str(uuid.uuid4())
    queries = spy_queries(layer, monkeypatch)
    await asyncio.gather(*(layer.update_thread(thread_id) for _ in range(5)))
    assert len([q for q in queries if q.startswith('SELECT "metadata" FROM threads')]) == 1
    assert len([q for q in queries if q.startswith("INSERT INTO threads")]) == 1
    assert await layer.get_thread(thread_id) is not None


def spy_commits(layer: CoachDataLayer, monkeypatch: Any) -> list[int]:
    """One entry per transaction committed: by the engine (Postgres), or by the SQLite file's
    one-hop runner."""
    from sqlalchemy import event

    commits: list[int] = []
    runner = layer.store.sqlite_runner()
    if runner is None:
        event.listen(layer.engine.sync_engine, "commit", lambda _conn: commits.append(1))
        return commits
    batch = runner.batch

    async def counted(statements: Any) -> None:
        await batch(statements)
        commits.append(1)

    monkeypatch.setattr(runner, "batch", counted)
    return commits


async def test_steps_written_together_share_a_transaction_and_all_land(
    layer: CoachDataLayer, monkeypatch: Any
) -> None:
    """Many chats' steps at once (a burst): every row stored, in far fewer commits than rows;
    a step written alone still lands before its write returns."""
    import asyncio

    threads = [await new_thread(layer, f"user{i}") for i in range(4)]
    commits = spy_commits(layer, monkeypatch)

    def step(thread_id: str, text: str) -> dict[str, Any]:
        return runner_step(thread_id, text, createdAt=f"2026-01-01T00:00:{len(text):02d}Z")

    async with chainlit_context(threads[0]):
        await asyncio.gather(
            *(layer.create_step(step(t, f"{t[:4]} {n}")) for t in threads for n in range(5))
        )
    assert 1 <= len(commits) <= 3
    for thread_id in threads:
        outputs = sorted(s["output"] for s in await stored_steps(layer, thread_id))
        assert outputs == sorted(f"{thread_id[:4]} {n}" for n in range(5))
    async with chainlit_context(threads[0]):
        await layer.create_step(step(threads[0], "alone"))
    assert "alone" in [s["output"] for s in await stored_steps(layer, threads[0])]


async def test_steps_still_on_their_way_when_all_is_deleted_do_not_land_after(
    layer: CoachDataLayer, monkeypatch: Any
) -> None:
    """Chainlit writes a chat's steps in background tasks: one that reaches the database after
    "Delete all my data" would be refused on Postgres (its thread is gone) or remake the thread
    without an owner. Slow thread checks hold the chat's steps back until the delete is done."""
    import asyncio

    thread_id = await new_thread(layer, "alice")
    await typed(layer, thread_id, "one")
    original = layer.update_thread

    async def slow(thread: str, *args: Any, **kwargs: Any) -> None:
        await asyncio.sleep(0.3)
        await original(thread, *args, **kwargs)

    monkeypatch.setattr(layer, "update_thread", slow)
    async with chainlit_context(thread_id):
        chat = controller(layer.store, "alice", thread_id, ChainlitUI())
        await answer_then_delete_all(chat)
    monkeypatch.setattr(layer, "update_thread", original)
    await typed(layer, thread_id, "two")
    assert await layer.get_thread(thread_id) is None
    assert await layer.store.list("alice") == []


async def test_when_the_delete_fails_the_chat_is_saved_again(
    layer: CoachDataLayer, monkeypatch: Any
) -> None:
    """The chat stops saving before the delete; if the database refuses the delete, its data is
    still there, so what the chat shows next is stored as before."""
    import sqlite3

    from interview_coach.web import erase_actions

    async def refused(*args: Any) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(erase_actions, "delete_user", refused)
    thread_id = await new_thread(layer, "alice")
    await typed(layer, thread_id, "one")
    async with chainlit_context(thread_id):
        chat = controller(layer.store, "alice", thread_id, ChainlitUI())
        await answer_then_delete_all(chat)
    await typed(layer, thread_id, "two")
    assert chat.saving
    assert "two" in [s["output"] for s in await stored_steps(layer, thread_id)]
