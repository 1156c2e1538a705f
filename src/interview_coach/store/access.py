"""Opening the store, and telling "no history yet" from "cannot use it".

`web` and `practice` check the database before they start (an unusable path or server is a
one-line error at the command line, not a broken chat later); `--no-history` keeps attempts in
memory for the run instead. `history` reads without creating anything.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from ..config import Settings
from .attempts import HistoryStore
from .engine import database_url, redacted

HISTORY_ERRORS = (SQLAlchemyError, sqlite3.Error, OSError)
"""What a history read or write can raise: the edges turn these into a notice."""

NO_HISTORY_HINT = (
    "Fix the path or its permissions, move a damaged file aside (a new one is created), choose "
    "another file with --history-db PATH (or INTERVIEW_COACH_HISTORY_DB), check "
    "INTERVIEW_COACH_DATABASE_URL if you use Postgres, or run with --no-history to keep attempts "
    "in memory only."
)


class HistoryUnavailable(Exception):
    """The history database cannot be used; `str()` says why, `hint` what to do."""

    def __init__(self, where: Path | str, why: str) -> None:
        super().__init__(f"cannot use the history database {where}: {why}")
        self.hint = NO_HISTORY_HINT


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).splitlines()[0] if str(inner) else type(inner).__name__
    if "not a database" in text or "malformed" in text:
        return f"the file is damaged ({text})"
    return text


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def where(url: URL) -> str:
    """The database named for a person: the file path, or the URL without its password."""
    return str(url.database) if is_sqlite(url) else redacted(url)


def check_readable(path: Path) -> None:
    """Raise HistoryUnavailable unless `path` is a readable, undamaged SQLite database."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except HISTORY_ERRORS as exc:
        raise HistoryUnavailable(path, _why(exc)) from None
    if rows != ["ok"]:
        raise HistoryUnavailable(path, "the file is damaged (" + "; ".join(rows[:3]) + ")")


async def _probe(store: HistoryStore) -> None:
    try:
        await store.ready()
        await store.latest_ungraded("")
    finally:
        await store.close()


def check_writable(settings: Settings) -> None:
    """Raise HistoryUnavailable unless attempts can be saved (the schema is created if missing)."""
    url = database_url(settings)
    if is_sqlite(url):
        path = Path(str(url.database))
        if path.exists() and path.is_dir():
            raise HistoryUnavailable(path, "it is a folder, not a file")
        if path.exists():
            check_readable(path)
    try:
        asyncio.run(_probe(HistoryStore(url)))
        if is_sqlite(url):
            conn = sqlite3.connect(str(url.database), timeout=5)
            try:
                conn.execute("BEGIN IMMEDIATE")  # takes the write lock: fails on a read-only file
                conn.execute("ROLLBACK")
            finally:
                conn.close()
    except HISTORY_ERRORS as exc:
        raise HistoryUnavailable(where(url), _why(exc)) from None


class MemoryHistoryStore(HistoryStore):
    """The same store in an in-memory database that lives as long as this object (--no-history).

    Its one connection is shared, so transactions take turns (two chats at once would otherwise
    interleave theirs on it)."""

    def __init__(self) -> None:
        super().__init__(URL.create("sqlite+aiosqlite"))
        self._turn = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        async with self._turn, self.engine.begin() as conn:
            yield conn


def open_history(settings: Settings, pooled: bool = False) -> HistoryStore:
    """The store the app uses: the configured database, or memory only when history is off."""
    if not settings.history:
        return MemoryHistoryStore()
    return HistoryStore(database_url(settings), pooled=pooled)
