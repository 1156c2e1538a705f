"""Deleting data: one chat session, everything a person saved, or what is older than retention.

A chat session is a Chainlit thread (its steps, elements and feedback) plus the attempts made in
it. Rows go in child-to-parent order because SQLite does not enforce the foreign keys' cascades.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from .attempts import HistoryStore

_THREAD_CHILDREN = (
    'DELETE FROM feedbacks WHERE "threadId" IN ({threads}) '
    'OR "forId" IN (SELECT "id" FROM steps WHERE "threadId" IN ({threads}))',
    'DELETE FROM elements WHERE "threadId" IN ({threads})',
    'DELETE FROM steps WHERE "threadId" IN ({threads})',
)


@dataclass(frozen=True)
class Erased:
    """How much one deletion removed."""

    sessions: int = 0
    attempts: int = 0


async def _erase_threads(conn: AsyncConnection, threads: str, params: dict[str, str]) -> int:
    for statement in _THREAD_CHILDREN:
        await conn.execute(text(statement.format(threads=threads)), params)
    result = await conn.execute(text(f'DELETE FROM threads WHERE "id" IN ({threads})'), params)
    return int(result.rowcount or 0)


async def delete_session(store: HistoryStore, thread_id: str, user: str) -> Erased:
    """One chat session of `user`'s, with its attempts; nothing if it is another person's."""
    await store.ready()
    params = {"id": thread_id, "user": user}
    mine = 'SELECT "id" FROM threads WHERE "id" = :id AND "userIdentifier" = :user'
    async with store.transaction() as conn:
        sessions = await _erase_threads(conn, mine, params)
        result = await conn.execute(
            text('DELETE FROM attempts WHERE thread_id = :id AND "user" = :user'), params
        )
    return Erased(sessions=sessions, attempts=int(result.rowcount or 0))


async def delete_user(store: HistoryStore, user: str) -> Erased:
    """Everything `user` saved: sessions, attempts, feedback and the user row itself."""
    await store.ready()
    params = {"user": user}
    mine = 'SELECT "id" FROM threads WHERE "userIdentifier" = :user'
    async with store.transaction() as conn:
        sessions = await _erase_threads(conn, mine, params)
        result = await conn.execute(text('DELETE FROM attempts WHERE "user" = :user'), params)
        await conn.execute(text('DELETE FROM users WHERE "identifier" = :user'), params)
    return Erased(sessions=sessions, attempts=int(result.rowcount or 0))


async def purge_older_than(store: HistoryStore, days: int, now: datetime | None = None) -> Erased:
    """Every person's sessions and attempts created more than `days` days ago.

    Timestamps are ISO-8601 text in UTC (Chainlit's `createdAt` and ours), so comparing them as
    text orders them in time.
    """
    await store.ready()
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).astimezone(UTC)
    params = {"cutoff": cutoff.replace(tzinfo=None).isoformat()}
    old = 'SELECT "id" FROM threads WHERE "createdAt" < :cutoff'
    async with store.transaction() as conn:
        sessions = await _erase_threads(conn, old, params)
        result = await conn.execute(text("DELETE FROM attempts WHERE created_at < :cutoff"), params)
    return Erased(sessions=sessions, attempts=int(result.rowcount or 0))
