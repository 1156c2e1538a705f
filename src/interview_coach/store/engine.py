"""Which database the store uses and how to connect: the SQLite file by default, Postgres by URL.

The URL comes from `database_url` (INTERVIEW_COACH_DATABASE_URL, never DATABASE_URL: with that
name Chainlit switches to a data layer of its own). It may hold a password, so it stays a
`SecretStr` and only `redacted()` ever reaches a message.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool, StaticPool

from ..config import ConfigError, Settings

_POSTGRES = ("postgres", "postgresql", "postgresql+asyncpg")
PING_AFTER_IDLE_S = 1.0
"""A pooled Postgres connection unused this long is pinged before use (see `_ping_when_idle`)."""
POSTGRES_CONNECTIONS = 10
"""Postgres connections per process, kept open; more work waits for one. SQLAlchemy's default
(5, and 10 more opened and closed as needed) reconnected 67 times in a 50-chat burst, each a
connection handshake here and a new backend process on the server; statements take
milliseconds, so waiting for a connection costs less than opening one."""


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

    A SQLite file is opened per use unless `pooled` (the web server, one event loop for its
    life: about twice as fast), so no connection outlives the event loop that opened it (the
    CLI and the tests run several loops in turn). Postgres is always pooled: close the store
    before its loop ends. A memory database lives in its one connection."""
    if url.get_backend_name() != "sqlite":
        engine = create_async_engine(url, pool_size=POSTGRES_CONNECTIONS, max_overflow=0)
        return _ping_when_idle(engine)
    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 15}}
    if memory:
        kwargs["poolclass"] = StaticPool
    elif not pooled:
        kwargs["poolclass"] = NullPool
    if not memory:
        private_file(Path(str(url.database)))
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        sqlite_pragmas(dbapi_conn, memory)

    return engine


def private_file(path: Path) -> None:
    """The history file made, readable by its owner only, before SQLite first opens it (its
    folder too, if missing): it holds people's answers. SQLite gives its -wal and -shm files
    the same mode. An existing file keeps the mode it has."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def sqlite_pragmas(dbapi_conn: Any, memory: bool) -> None:
    """Every SQLite connection's set-up: WAL (readers never block the writer) and a busy
    timeout, on the engine's connections and on `sqlite_runner`'s alike."""
    cursor = dbapi_conn.cursor()
    if not memory:
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL's recommended level: a commit survives the process being killed; only a power
        # cut may lose the last commits (never corrupt). FULL syncs the disk at every commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _ping_when_idle(engine: AsyncEngine) -> AsyncEngine:
    """Ping a pooled connection only when it sat idle for `PING_AFTER_IDLE_S`.

    `pool_pre_ping` pings at every checkout: a round trip per statement, about a quarter of the
    server's event loop under a burst. A connection used a moment ago is almost surely alive;
    one that waited (say, across a Postgres restart) is pinged, and a dead one is replaced by
    the pool (DisconnectionError makes it reconnect). A connection that dies while busy fails
    its statement, and SQLAlchemy then invalidates the whole pool (its disconnect handling),
    so the next statements reconnect; the data layer retries such a statement once."""
    pool_events = engine.sync_engine  # its pool, and the pool that replaces it on dispose()

    @event.listens_for(pool_events, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool_events, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as error:
            raise exc.DisconnectionError(f"idle connection is gone: {error}") from error

    return engine
