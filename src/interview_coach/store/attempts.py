"""Attempts, one row each, keyed by user and linked to the chat thread they came from.

An attempt is written *before* grading (outcome NULL, i.e. "ungraded") and completed after, so a
provider failure, a reload or a killed instance never loses the answer. The rows live in the same
database as Chainlit's threads and steps (see `schema.py`); every query names the user, so one
person never reads or changes another's rows.
"""

from __future__ import annotations

import asyncio
import builtins
import json
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Column, Integer, MetaData, Table, Text, delete, insert, select, update
from sqlalchemy.engine import URL, Connection, RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ..models import EngineInfo, GradeOutcome, GradeReport, InterviewContext, Turn, Unscored
from .engine import make_engine, redacted, sqlite_url
from .schema import migrate
from .sqlite_runner import SqliteRunner

_OUTCOME: TypeAdapter[GradeReport | Unscored] = TypeAdapter(GradeOutcome)
_TRANSCRIPT: TypeAdapter[list[Turn]] = TypeAdapter(list[Turn])
_T = TypeVar("_T")

ATTEMPTS = Table(
    "attempts",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("user", Text),
    Column("created_at", Text),
    Column("status", Text),
    Column("overall", Integer),
    Column("band", Text),
    Column("engine", Text),
    Column("model", Text),
    Column("context_json", Text),
    Column("transcript_json", Text),
    Column("answer", Text),
    Column("report_json", Text),
    Column("thread_id", Text),
    Column("options_json", Text),
)


class HistoryRecord(BaseModel):
    """One saved attempt. `outcome` is None while the answer is saved but not graded yet."""

    id: int
    user: str
    created_at: datetime
    context: InterviewContext
    transcript: list[Turn] = Field(default_factory=list)
    answer: str
    outcome: GradeOutcome | None = None
    engine: str
    model: str
    thread_id: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.outcome.status if self.outcome is not None else "ungraded"

    @property
    def overall(self) -> int | None:
        return self.outcome.overall if isinstance(self.outcome, GradeReport) else None


class HistoryStore:
    """The store over one async engine; the schema is created or migrated on first use."""

    def __init__(
        self, url: URL | Path, engine: AsyncEngine | None = None, pooled: bool = False
    ) -> None:
        """`url` is a database URL, or the path of a SQLite file; `pooled`: see `make_engine`."""
        url = sqlite_url(url) if isinstance(url, Path) else url
        self.url = url
        self.engine = engine or make_engine(url, pooled)
        self._ready = False
        self._migrating = asyncio.Lock()
        self._runner: SqliteRunner | None = None
        self._pooled = pooled

    def __repr__(self) -> str:
        return f"HistoryStore({redacted(self.url)})"

    async def ready(self) -> int:
        """Create or migrate the schema (once per store); returns the version found."""
        if self._ready:
            return -1
        async with self._migrating:  # first calls may come together (Chainlit's write tasks)
            if self._ready:
                return -1
            async with self.transaction() as conn:
                found = await migrate(conn)
            self._ready = True
        return found

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.close()
            self._runner = None
        await self.engine.dispose()

    def sqlite_runner(self) -> SqliteRunner | None:
        """SQL text in one thread hop (`sqlite_runner.py`) on a SQLite file; None on Postgres
        and in memory (another connection would not see that database)."""
        database = str(self.url.database or "")
        file = self.url.get_backend_name() == "sqlite" and database not in ("", ":memory:")
        if self._runner is None and file:
            self._runner = SqliteRunner(Path(database), keep_open=self._pooled)
        return self._runner

    def transaction(self) -> AbstractAsyncContextManager[AsyncConnection]:
        """A connection in a transaction, committed on success."""
        return self.engine.begin()

    async def _run(self, work: Callable[[Connection], _T]) -> _T:
        """`work` in one transaction, committed before this returns (every read and write of
        attempts): on a SQLite file in one hop to the runner's thread, which saves aiosqlite's
        hop per cursor call (0.3 against 1.5 ms of CPU a write with 50 chats at once); else on
        the async engine, through `run_sync`."""
        await self.ready()
        runner = self.sqlite_runner()
        if runner is not None:
            return await runner.transaction(work)
        async with self.transaction() as conn:
            return await conn.run_sync(work)

    async def save_pending(
        self,
        *,
        user: str,
        context: InterviewContext,
        transcript: Sequence[Turn],
        answer: str,
        engine: EngineInfo,
        record_id: int | None = None,
        thread_id: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> int:
        """Save (or update) an answer before grading; returns the row id."""
        await self.ready()
        values: dict[str, Any] = {
            "transcript_json": _TRANSCRIPT.dump_json(list(transcript)).decode(),
            "answer": answer,
            "context_json": context.model_dump_json(),
            "engine": engine.engine,
            "model": _model_label(engine),
        }
        if options is not None:
            values["options_json"] = json.dumps(options)

        def write(conn: Connection) -> int:
            if record_id is not None:
                result = conn.execute(
                    update(ATTEMPTS)
                    .where(ATTEMPTS.c.id == record_id, ATTEMPTS.c.user == user)
                    .where(ATTEMPTS.c.report_json.is_(None))
                    .values(**values)
                )
                if result.rowcount:
                    return record_id
            new_id = conn.scalar(
                insert(ATTEMPTS)
                .values(
                    user=user,
                    created_at=datetime.now(UTC).isoformat(),
                    status="ungraded",
                    thread_id=thread_id,
                    **values,
                )
                .returning(ATTEMPTS.c.id)
            )
            assert new_id is not None
            return int(new_id)

        return await self._run(write)

    async def complete(
        self, record_id: int, outcome: GradeReport | Unscored, transcript: Sequence[Turn]
    ) -> None:
        """Attach the grading outcome to a saved answer."""
        report = outcome if isinstance(outcome, GradeReport) else None
        statement = (
            update(ATTEMPTS)
            .where(ATTEMPTS.c.id == record_id)
            .values(
                status=outcome.status,
                overall=report.overall if report is not None else None,
                band=report.band.value if report is not None else None,
                engine=outcome.engine.engine,
                model=_model_label(outcome.engine),
                report_json=outcome.model_dump_json(),
                transcript_json=_TRANSCRIPT.dump_json(list(transcript)).decode(),
            )
        )
        await self._run(lambda conn: conn.execute(statement))

    async def _select(
        self, *where: Any, limit: int | None = None, newest: bool = False
    ) -> list[HistoryRecord]:
        order = ATTEMPTS.c.id.desc() if newest else ATTEMPTS.c.id
        query = select(ATTEMPTS).where(*where).order_by(order).limit(limit)
        rows = await self._run(lambda conn: conn.execute(query).mappings().all())
        return [_record(row) for row in rows]

    async def list(self, user: str | None = None) -> builtins.list[HistoryRecord]:
        """Attempts oldest first; only `user`'s when given."""
        return await self._select(*([ATTEMPTS.c.user == user] if user is not None else []))

    async def get(self, record_id: int, user: str | None = None) -> HistoryRecord | None:
        """One attempt, or None if it does not exist (or belongs to another user)."""
        where = [ATTEMPTS.c.id == record_id]
        if user is not None:
            where.append(ATTEMPTS.c.user == user)
        found = await self._select(*where)
        return found[0] if found else None

    async def latest_ungraded(self, user: str) -> HistoryRecord | None:
        found = await self._select(
            ATTEMPTS.c.user == user, ATTEMPTS.c.report_json.is_(None), limit=1, newest=True
        )
        return found[0] if found else None

    async def for_thread(self, thread_id: str, user: str) -> builtins.list[HistoryRecord]:
        """The attempts made in one chat thread, oldest first."""
        return await self._select(ATTEMPTS.c.thread_id == thread_id, ATTEMPTS.c.user == user)

    async def delete(self, record_id: int, user: str) -> bool:
        statement = delete(ATTEMPTS).where(ATTEMPTS.c.id == record_id, ATTEMPTS.c.user == user)
        result = await self._run(lambda conn: conn.execute(statement))
        return bool(result.rowcount)

    async def export(
        self, user: str | None = None, record_id: int | None = None
    ) -> builtins.list[HistoryRecord]:
        """The records an export covers: one attempt (`record_id`) or all of `user`'s."""
        if record_id is not None:
            record = await self.get(record_id, user)
            return [record] if record else []
        return await self.list(user)


def _model_label(engine: EngineInfo) -> str:
    return "offline" if engine.engine == "offline" else f"{engine.provider}:{engine.model}"


def _record(row: RowMapping) -> HistoryRecord:
    report = row["report_json"]
    options = row["options_json"]
    return HistoryRecord(
        id=row["id"],
        user=row["user"],
        created_at=datetime.fromisoformat(row["created_at"]),
        context=InterviewContext.model_validate_json(row["context_json"]),
        transcript=_TRANSCRIPT.validate_json(row["transcript_json"]),
        answer=row["answer"],
        outcome=_OUTCOME.validate_json(report) if report else None,
        engine=row["engine"],
        model=row["model"],
        thread_id=row["thread_id"],
        options=json.loads(options) if options else {},
    )


def scored_overalls(records: Sequence[HistoryRecord]) -> list[int]:
    return [r.overall for r in records if r.overall is not None]
