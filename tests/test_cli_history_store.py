"""`interview-coach history` on the shared store, invoked as a user would: delete one attempt or
session, delete all of a user's data (asked first unless --yes), the trend, a Postgres URL
(never printed with its password), and retention at start."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from cli_runner import run
from history_fill import save_graded, with_store
from interview_coach.config import load_settings
from interview_coach.models import InterviewContext
from interview_coach.rubric import CRITERION_IDS
from interview_coach.store import HistoryStore
from interview_coach.store.lifecycle import prepare
from web_fakes import make_report

ANSWER = "I want to become the analyst the sales team relies on."


async def _session(store: HistoryStore, user: str, created: str | None = None) -> str:
    """A chat thread of `user`'s with one step, as the chat's data layer writes it."""
    await store.ready()
    thread = str(uuid.uuid4())
    created = created or datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"
    async with store.engine.begin() as conn:
        await conn.execute(
            text('INSERT INTO threads ("id", "createdAt", "userIdentifier") VALUES (:id, :c, :u)'),
            {"id": thread, "c": created, "u": user},
        )
        await conn.execute(
            text(
                'INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "createdAt") '
                "VALUES (:id, 'Interviewer', 'assistant_message', :t, false, :c)"
            ),
            {"id": str(uuid.uuid4()), "t": thread, "c": created},
        )
    return thread


async def _fill(store: HistoryStore) -> None:
    """local: 1 (terminal, 40), 2 (chat session, 60); alice: 3 (chat session)."""
    context = InterviewContext(role="Analyst", company="Acme")
    await save_graded(store, make_report(dict.fromkeys(CRITERION_IDS, 2), ANSWER), ANSWER, context)
    for user in ("local", "alice"):
        thread = await _session(store, user)
        record = await store.save_pending(
            user=user,
            context=context,
            transcript=[],
            answer=ANSWER,
            engine=make_report(dict.fromkeys(CRITERION_IDS, 4)).engine,
            thread_id=thread,
        )
        await store.complete(record, make_report(dict.fromkeys(CRITERION_IDS, 4), ANSWER), [])


async def _counts(store: HistoryStore) -> tuple[int, int, int]:
    counts = []
    async with store.engine.connect() as conn:
        for table in ("attempts", "threads", "steps"):
            counts.append(
                int((await conn.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar_one())
            )
    return counts[0], counts[1], counts[2]


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, isolated_settings: Path) -> HistoryStore:
    """The store the CLI is pointed at, filled; on Postgres through INTERVIEW_COACH_DATABASE_URL."""
    if request.param == "postgres":
        import asyncio

        from pg_cluster import fresh_database

        url = asyncio.run(fresh_database(request.getfixturevalue("pg_url")))
        url = url.replace("postgresql://postgres@", "postgresql://postgres:hunter2-secret@")
        request.getfixturevalue("monkeypatch").setenv("INTERVIEW_COACH_DATABASE_URL", url)
    from interview_coach.store import database_url

    store = HistoryStore(database_url(load_settings()))
    with_store(store, _fill)
    return HistoryStore(database_url(load_settings()))


def test_delete_asks_first_and_no_keeps_everything(
    database: HistoryStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, err = run(["history", "--delete", "1"], capsys)
    assert code == 2 and "Delete attempt 1" in out and "Aborted" in err
    assert with_store(database, _counts) == (3, 2, 2)


def test_deleting_a_chat_attempt_deletes_its_session_and_only_mine(
    database: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["history", "--delete", "3", "--yes"], capsys)  # alice's
    assert code == 2 and "no attempt with id 3" in err
    assert with_store(database, _counts) == (3, 2, 2)
    code, out, err = run(["history", "--delete", "2", "--yes"], capsys)
    assert code == 0, err
    assert "Deleted 1 session(s) and 1 attempt(s)" in out
    assert with_store(database, _counts) == (2, 1, 1)
    code, out, _ = run(["history", "--all-users"], capsys)
    assert "alice" in out and "hunter2" not in out


def test_delete_all_removes_only_that_users_data(
    database: HistoryStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run(["history", "--delete-all"], capsys)
    assert code == 0, err
    assert "Deleted 1 session(s) and 2 attempt(s)" in out
    code, out, _ = run(["history"], capsys)
    assert code == 0 and "No attempts saved yet" in out
    code, out, _ = run(["history", "--user", "alice"], capsys)
    assert "alice" in out and with_store(database, _counts) == (1, 1, 1)


def test_trend_shows_the_scores_in_order(
    database: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["history", "--trend"], capsys)
    first = make_report(dict.fromkeys(CRITERION_IDS, 2)).overall
    second = make_report(dict.fromkeys(CRITERION_IDS, 4)).overall
    assert code == 0, err
    assert f"Analyst at Acme: {first} -> {second} (2 scored, {second - first:+d})" in out


def test_retention_at_start_purges_older_sessions_and_attempts(database: HistoryStore) -> None:
    old = datetime.now(UTC) - timedelta(days=10)

    async def age(store: HistoryStore) -> None:
        await _session(store, "local", created=old.replace(tzinfo=None).isoformat() + "Z")
        async with store.engine.begin() as conn:
            await conn.execute(
                text("UPDATE attempts SET created_at = :c WHERE id = 1"), {"c": old.isoformat()}
            )

    with_store(database, age)
    assert with_store(database, _counts) == (3, 3, 3)
    prepare(load_settings(retention_days=30))
    assert with_store(database, _counts) == (3, 3, 3)
    erased = prepare(load_settings(retention_days=7))
    assert erased is not None and (erased.sessions, erased.attempts) == (1, 1)
    assert with_store(database, _counts) == (2, 2, 2)


def test_config_never_shows_the_database_password(
    isolated_settings: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "INTERVIEW_COACH_DATABASE_URL", "postgresql://coach:hunter2-secret@db.example:5432/coach"
    )
    for args in (["config"], ["config", "--json"]):
        code, out, err = run(args, capsys)
        assert code == 0, err
        assert "database_url" in out and "hunter2" not in out + err
