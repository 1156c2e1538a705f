"""SQL text on a SQLite file in one thread hop per call: the chat's data-layer statements.

Under SQLAlchemy's async engine, aiosqlite hops to its connection's thread for every cursor call:
checking a connection out, opening a cursor, executing, fetching, closing it, committing, and
resetting the connection on its way back to the pool, about six hops per statement, each waking
that thread and then the event loop (measured: 4.7 hops per statement, most of the SQLite
server's extra CPU per turn over Postgres). Chainlit's data layer hands over plain SQL text with
`:name` parameters, which `sqlite3` binds itself, so here each statement, or a batch in one
transaction, is one call to one thread that keeps its own connection, set up as the engine's;
so is a whole transaction of SQLAlchemy statements (the attempts), on a synchronous engine there.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool, StaticPool

from .engine import sqlite_pragmas

Rows = list[dict[str, Any]]
Statement = tuple[str, Mapping[str, Any]]
_T = TypeVar("_T")


class SqliteRunner:
    """One worker thread and its connection to `path` (opened there on first use); statements
    run one at a time, in the order they were handed over. `keep_open` as the engine's `pooled`:
    the server keeps its connections; the CLI and the tests open the file for each call."""

    def __init__(self, path: Path, keep_open: bool = True) -> None:
        self.path = Path(path)
        self.keep_open = keep_open
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-runner")
        self._conn: sqlite3.Connection | None = None
        self._engine: Engine | None = None  # for `transaction`: its own connection, same thread

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            # isolation_level=None: sqlite3 opens no transaction by itself; a statement alone
            # commits as it runs, and `batch` says BEGIN and COMMIT.
            conn = sqlite3.connect(self.path, timeout=15, isolation_level=None)
            sqlite_pragmas(conn, memory=False)
            self._conn = conn
        return self._conn

    def _execute(self, query: str, parameters: Mapping[str, Any]) -> Rows | int:
        cursor = self._connection().execute(query, parameters)
        try:
            if cursor.description is None:
                return cursor.rowcount
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def _batch(self, statements: Sequence[Statement]) -> None:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")  # the write lock first: no deadlock with another writer
        try:
            for query, parameters in statements:
                conn.execute(query, parameters).close()
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _transaction(self, work: Callable[[Connection], _T]) -> _T:
        if self._engine is None:
            url = URL.create("sqlite+pysqlite", database=str(self.path))
            pool = StaticPool if self.keep_open else NullPool
            engine = create_engine(url, poolclass=pool, connect_args={"timeout": 15})
            event.listen(engine, "connect", lambda conn, _record: sqlite_pragmas(conn, False))
            self._engine = engine
        with self._engine.begin() as conn:
            return work(conn)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _call(self, work: Callable[..., _T], *args: Any) -> _T:
        try:
            return work(*args)
        finally:
            if not self.keep_open and self._conn is not None:
                self._conn.close()
                self._conn = None

    async def _hop(self, work: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, work, *args)

    async def execute(self, query: str, parameters: Mapping[str, Any]) -> Rows | int:
        """One statement in autocommit: its rows (as dicts), or the rows it changed."""
        result: Rows | int = await self._hop(self._execute, query, parameters)
        return result

    async def batch(self, statements: Sequence[Statement]) -> None:
        """Every statement in one transaction, committed before this returns; none is kept if
        one fails (the error is raised)."""
        await self._hop(self._batch, list(statements))

    async def transaction(self, work: Callable[[Connection], _T]) -> _T:
        """`work` on a (synchronous) SQLAlchemy connection in one transaction, committed before
        this returns, rolled back if it raises: SQLAlchemy statements in one hop."""
        result: _T = await self._hop(self._transaction, work)
        return result

    async def close(self) -> None:
        await self._hop(self._close)
        self._executor.shutdown(wait=True)
