"""The history store on SQLite and Postgres: saved before grading, completed after, per user,
exported, deleted (one session, all of a user's data), purged by retention; and a legacy
`history.sqlite3` migrated once."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from history_fill import save_graded, with_store
from interview_coach.models import InterviewContext, Speaker, Turn, Unscored
from interview_coach.rubric import CRITERION_IDS
from interview_coach.store import HistoryStore
from interview_coach.store.erase import delete_session, delete_user, purge_older_than
from interview_coach.store.schema import LATEST
from web_fakes import OFFLINE, make_report

CTX = InterviewContext(role="Analyst", company="Acme")
TURNS = [Turn(speaker=Speaker.candidate, kind="answer", text="I want to grow.")]
LEGACY = Path(__file__).parent / "fixtures" / "legacy_history.sqlite3"


async def _pending(
    store: HistoryStore, user: str = "local", answer: str = "I want to grow.", thread: str = ""
) -> int:
    return await store.save_pending(
        user=user,
        context=CTX,
        transcript=TURNS,
        answer=answer,
        engine=OFFLINE,
        thread_id=thread or None,
    )


async def _thread(store: HistoryStore, user: str, created: str = "") -> str:
    """A chat session as Chainlit's data layer writes it: the user, the thread, a step, feedback."""
    thread, step = str(uuid.uuid4()), str(uuid.uuid4())
    created = created or datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"
    await store.ready()
    async with store.engine.begin() as conn:
        found = (
            await conn.execute(text('SELECT "id" FROM users WHERE identifier = :u'), {"u": user})
        ).first()
        user_id = str(found[0]) if found else str(uuid.uuid4())
        if not found:
            await conn.execute(
                text(
                    'INSERT INTO users ("id", identifier, "metadata", "createdAt") '
                    "VALUES (:id, :u, '{}', :c)"
                ),
                {"id": user_id, "u": user, "c": created},
            )
        await conn.execute(
            text(
                'INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier") '
                "VALUES (:id, :c, 'practice', :uid, :u)"
            ),
            {"id": thread, "c": created, "uid": user_id, "u": user},
        )
        await conn.execute(
            text(
                'INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", '
                "\"createdAt\") VALUES (:id, 'Interviewer', 'assistant_message', :t, false, "
                "'Hello', :c)"
            ),
            {"id": step, "t": thread, "c": created},
        )
        await conn.execute(
            text(
                'INSERT INTO feedbacks ("id", "forId", "threadId", "value") VALUES (:id, :s, :t, 1)'
            ),
            {"id": str(uuid.uuid4()), "s": step, "t": thread},
        )
    return thread


async def _count(store: HistoryStore, table: str, where: str = "", **params: str) -> int:
    await store.ready()
    async with store.engine.connect() as conn:
        query = f"SELECT COUNT(*) FROM {table}" + (f" WHERE {where}" if where else "")
        return int((await conn.execute(text(query), params)).scalar_one())


async def test_answer_is_saved_before_grading_and_completed_after(any_store: HistoryStore) -> None:
    store = any_store
    record_id = await _pending(store)
    saved = await store.latest_ungraded("local")
    assert saved is not None and saved.id == record_id and saved.status == "ungraded"
    assert saved.answer == "I want to grow." and saved.context == CTX

    # A follow-up answer updates the same row rather than adding one.
    again = await store.save_pending(
        user="local",
        context=CTX,
        transcript=TURNS,
        answer="I want to grow. More.",
        engine=OFFLINE,
        record_id=record_id,
    )
    assert again == record_id
    report = make_report(dict.fromkeys(CRITERION_IDS, 4), "I want to grow. More.")
    await store.complete(record_id, report, TURNS)
    done = await store.get(record_id)
    assert done is not None and done.status == "scored" and done.overall == report.overall
    assert done.outcome == report
    assert await store.latest_ungraded("local") is None
    assert len(await store.list("local")) == 1


async def test_add_and_export_graded_and_unscored_attempts(any_store: HistoryStore) -> None:
    store = any_store
    report = make_report(dict.fromkeys(CRITERION_IDS, 3), "x")
    unscored = Unscored(reason_code="empty", reason="Empty.", hint="Write.", engine=OFFLINE)
    first = await save_graded(store, report, "a", CTX, TURNS)
    second = await save_graded(store, unscored, "b", CTX, TURNS)
    assert [r.status for r in await store.export(user="local")] == ["scored", "unscored"]
    [only] = await store.export(user="local", record_id=second)
    assert only.outcome == unscored and only.overall is None
    record = await store.get(first)
    assert record is not None and record.outcome == report and record.transcript == TURNS


async def test_each_user_sees_and_deletes_only_their_own(any_store: HistoryStore) -> None:
    store = any_store
    alice = await _pending(store, "alice", "alice answer")
    await _pending(store, "bob", "bob answer")
    assert [r.answer for r in await store.list("alice")] == ["alice answer"]
    assert await store.get(alice, user="bob") is None
    assert (await store.latest_ungraded("bob")).answer == "bob answer"  # type: ignore[union-attr]
    assert not await store.delete(alice, "bob")
    assert await store.delete(alice, "alice") and await store.list("alice") == []

    # Sessions: bob can delete neither alice's session nor its attempts, nor her user.
    session = await _thread(store, "alice")
    await _pending(store, "alice", "in the chat", thread=session)
    assert await delete_session(store, session, "bob") == (await _erased(0, 0))
    assert await store.for_thread(session, "alice") != []
    assert await store.for_thread(session, "bob") == []
    await delete_user(store, "bob")
    assert await _count(store, "threads") == 1 and len(await store.list("alice")) == 1
    assert await _count(store, "users", "identifier = :u", u="alice") == 1


async def _erased(sessions: int, attempts: int) -> object:
    from interview_coach.store.erase import Erased

    return Erased(sessions=sessions, attempts=attempts)


async def test_deleting_a_session_takes_its_steps_feedback_and_attempts(
    any_store: HistoryStore,
) -> None:
    store = any_store
    session, other = await _thread(store, "alice"), await _thread(store, "alice")
    await _pending(store, "alice", "one", thread=session)
    await _pending(store, "alice", "two", thread=other)
    erased = await delete_session(store, session, "alice")
    assert erased == await _erased(1, 1)
    assert await _count(store, "steps") == 1 and await _count(store, "feedbacks") == 1
    assert [r.answer for r in await store.list("alice")] == ["two"]


async def test_delete_all_my_data_leaves_nothing_of_mine(any_store: HistoryStore) -> None:
    store = any_store
    for _ in range(2):
        await _pending(store, "alice", "mine", thread=await _thread(store, "alice"))
    await _pending(store, "alice", "from the terminal")
    await _pending(store, "bob", "bob's", thread=await _thread(store, "bob"))
    assert await delete_user(store, "alice") == await _erased(2, 3)
    assert await store.list("alice") == []
    for table in ("threads", "steps", "feedbacks", "users"):
        assert await _count(store, table) == 1, table
    assert [r.answer for r in await store.list("bob")] == ["bob's"]


async def test_retention_purges_only_what_is_older(any_store: HistoryStore) -> None:
    store = any_store
    now = datetime.now(UTC)
    old = (now - timedelta(days=40)).replace(tzinfo=None).isoformat() + "Z"
    old_session = await _thread(store, "alice", created=old)
    new_session = await _thread(store, "alice")
    await _pending(store, "alice", "new", thread=new_session)
    old_id = await _pending(store, "alice", "old", thread=old_session)
    async with store.engine.begin() as conn:
        await conn.execute(
            text("UPDATE attempts SET created_at = :c WHERE id = :i"),
            {"c": (now - timedelta(days=40)).isoformat(), "i": old_id},
        )
    assert await purge_older_than(store, 30, now=now) == await _erased(1, 1)
    assert [r.answer for r in await store.list("alice")] == ["new"]
    assert await _count(store, "threads") == 1
    assert await purge_older_than(store, 30, now=now) == await _erased(0, 0)


def test_database_and_folder_are_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "history.sqlite3"
    assert with_store(path, lambda store: store.list()) == []
    assert path.is_file()


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])
    finally:
        conn.close()


def test_a_legacy_history_file_is_migrated_once_and_keeps_every_attempt(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(LEGACY, path)

    async def first_open(store: HistoryStore) -> tuple[int, list[str], list[str]]:
        found = await store.ready()
        mine = await store.list("local")
        return found, [r.status for r in mine], [r.answer for r in await store.list("alice")]

    found, statuses, alices = with_store(path, first_open)
    assert found == 0  # the legacy file had no schema_version: it was migrated now
    assert statuses == ["scored", "scored", "ungraded"] and len(alices) == 1
    assert _version(path) == LATEST
    assert with_store(path, lambda store: store.ready()) == LATEST  # not migrated again
    record = with_store(path, lambda store: store.latest_ungraded("local"))
    assert record is not None and record.answer == "half an answer" and record.thread_id is None


async def test_a_history_file_is_imported_into_postgres_once(pg_url: str, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    from interview_coach.store.legacy import import_sqlite
    from pg_cluster import fresh_database

    path = tmp_path / "history.sqlite3"
    shutil.copy(LEGACY, path)
    url = make_url(await fresh_database(pg_url)).set(drivername="postgresql+asyncpg")
    store = HistoryStore(url)
    try:
        assert await import_sqlite(store, path) == 4
        assert await import_sqlite(store, path) is None  # once
        mine = await store.list("local")
        assert [r.status for r in mine] == ["scored", "scored", "ungraded"]
        assert mine[0].outcome is not None and mine[0].context == CTX
        assert [r.user for r in await store.list("alice")] == ["alice"]
        assert await import_sqlite(store, tmp_path / "absent.sqlite3") is None
    finally:
        await store.close()


def test_a_new_history_file_is_private(tmp_path: Path) -> None:
    """It holds people's answers; SQLite gives its -wal and -shm files the same mode."""
    path = tmp_path / "a" / "history.sqlite3"
    assert with_store(path, lambda store: store.list()) == []
    for made in path.parent.iterdir():
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made.name
