"""Which database the store uses and how to connect: the SQLite file by default, Postgres by URL.

The URL comes from `database_url` (INTERVIEW_COACH_DATABASE_URL, never DATABASE_URL: with that
name Chainlit switches to a data layer of its own). It may hold a password, so it stays a
`SecretStr` and only `redacted()` ever reaches a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, NullPool, StaticPool

from ..config import ConfigError, Settings

_POSTGRES = ("postgres", "postgresql", "postgresql+asyncpg")


def database_url(settings: Settings) -> URL:
    """The SQLAlchemy URL: `database_url` with the asyncpg driver, else the SQLite file."""
    if settings.database_url is None:
        return sqlite_url(settings.history_db)
    raw = settings.database_url.get_secret_value().strip()
    try:
        url = make_url(raw)
    except Exception:
        raise ConfigError(
            "INTERVIEW_COACH_DATABASE_URL is not a database URL "
            "(expected postgresql://user:password@host:port/database)"
        ) from None
    if url.drivername in _POSTGRES:
        return url.set(drivername="postgresql+asyncpg")
    if url.drivername in ("sqlite", "sqlite+aiosqlite"):
        return url.set(drivername="sqlite+aiosqlite")
    raise ConfigError(
        f"INTERVIEW_COACH_DATABASE_URL: {url.drivername!r} is not supported; use postgresql://..."
    )


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+aiosqlite", database=str(Path(path)))


def redacted(url: URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL, pooled: bool = False) -> AsyncEngine:
    """An async engine; SQLite gets WAL (readers never block the writer) and a busy timeout.

    `pooled` (the web server: one event loop for the whole process) keeps SQLite connections
    open between uses: connecting costs more than the statement (about 6 ms of CPU and 17 ms in
    all per statement, against 1 ms pooled), and the chat writes a few dozen per interview."""
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 15}}
    # A memory database lives in its one connection; otherwise a file gets a connection per use,
    # so none outlives the event loop that opened it (the CLI and tests run several loops in
    # turn). The server's pool is one connection plus a few for nested use: SQLite has one
    # writer at a time anyway, and writers queueing here do not sleep in SQLite's busy handler.
    if memory:
        kwargs["poolclass"] = StaticPool
    elif pooled:
        kwargs.update(poolclass=AsyncAdaptedQueuePool, pool_size=1, max_overflow=4)
    else:
        kwargs["poolclass"] = NullPool
    if not memory:
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL's recommended level: a commit survives the process being killed; only a power
            # cut may lose the last commits (never corrupt). FULL syncs the disk at every commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    return engine
