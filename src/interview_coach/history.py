"""Attempts saved to SQLite, one row each, keyed by user.

An attempt is written *before* grading (outcome NULL, i.e. "ungraded") and completed after, so a
provider failure or a browser reload never loses the answer: the chat can offer to grade it later.
The database file and its folder are created on first use.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, TypeAdapter

from .models import (
    EngineInfo,
    GradeOutcome,
    GradeReport,
    InterviewContext,
    Turn,
    Unscored,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    overall INTEGER,
    band TEXT,
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    context_json TEXT NOT NULL,
    transcript_json TEXT NOT NULL,
    answer TEXT NOT NULL,
    report_json TEXT
);
CREATE INDEX IF NOT EXISTS attempts_user ON attempts (user, id);
"""

_OUTCOME: TypeAdapter[GradeReport | Unscored] = TypeAdapter(GradeOutcome)
_TRANSCRIPT: TypeAdapter[list[Turn]] = TypeAdapter(list[Turn])


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

    @property
    def status(self) -> str:
        return self.outcome.status if self.outcome is not None else "ungraded"

    @property
    def overall(self) -> int | None:
        return self.outcome.overall if isinstance(self.outcome, GradeReport) else None


class HistoryStore:
    """A small SQLite store; every call opens its own connection, so it is safe across threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False

    def _open(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(self.path, timeout=10)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = self._open()
        conn.row_factory = sqlite3.Row
        try:
            if not self._ready:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
                self._ready = True
            with conn:
                yield conn
        finally:
            conn.close()

    def save_pending(
        self,
        *,
        user: str,
        context: InterviewContext,
        transcript: Sequence[Turn],
        answer: str,
        engine: EngineInfo,
        record_id: int | None = None,
    ) -> int:
        """Save (or update) an answer before grading; returns the row id."""
        transcript_json = _TRANSCRIPT.dump_json(list(transcript)).decode()
        with self._connect() as conn:
            if record_id is not None:
                cur = conn.execute(
                    "UPDATE attempts SET transcript_json=?, answer=?, context_json=?, "
                    "engine=?, model=? WHERE id=? AND user=? AND report_json IS NULL",
                    (
                        transcript_json,
                        answer,
                        context.model_dump_json(),
                        engine.engine,
                        _model_label(engine),
                        record_id,
                        user,
                    ),
                )
                if cur.rowcount:
                    return record_id
            cur = conn.execute(
                "INSERT INTO attempts (user, created_at, status, engine, model, context_json, "
                "transcript_json, answer) VALUES (?, ?, 'ungraded', ?, ?, ?, ?, ?)",
                (
                    user,
                    datetime.now(UTC).isoformat(),
                    engine.engine,
                    _model_label(engine),
                    context.model_dump_json(),
                    transcript_json,
                    answer,
                ),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def complete(
        self, record_id: int, outcome: GradeReport | Unscored, transcript: Sequence[Turn]
    ) -> None:
        """Attach the grading outcome to a saved answer."""
        overall = outcome.overall if isinstance(outcome, GradeReport) else None
        band = outcome.band.value if isinstance(outcome, GradeReport) else None
        with self._connect() as conn:
            conn.execute(
                "UPDATE attempts SET status=?, overall=?, band=?, engine=?, model=?, "
                "report_json=?, transcript_json=? WHERE id=?",
                (
                    outcome.status,
                    overall,
                    band,
                    outcome.engine.engine,
                    _model_label(outcome.engine),
                    outcome.model_dump_json(),
                    _TRANSCRIPT.dump_json(list(transcript)).decode(),
                    record_id,
                ),
            )

    def list(self, user: str | None = None) -> list[HistoryRecord]:
        """Attempts oldest first; only `user`'s when given."""
        query = "SELECT * FROM attempts"
        params: tuple[str, ...] = ()
        if user is not None:
            query += " WHERE user=?"
            params = (user,)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY id", params).fetchall()
        return [_record(row) for row in rows]

    def get(self, record_id: int, user: str | None = None) -> HistoryRecord | None:
        """One attempt, or None if it does not exist (or belongs to another user)."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM attempts WHERE id=?", (record_id,)).fetchone()
        if row is None or (user is not None and row["user"] != user):
            return None
        return _record(row)

    def latest_ungraded(self, user: str) -> HistoryRecord | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM attempts WHERE user=? AND report_json IS NULL "
                "ORDER BY id DESC LIMIT 1",
                (user,),
            ).fetchone()
        return _record(row) if row is not None else None

    def delete(self, record_id: int, user: str) -> bool:
        with self._connect() as conn:
            cur = conn.execute("DELETE FROM attempts WHERE id=? AND user=?", (record_id, user))
        return cur.rowcount > 0

    def export(
        self, user: str | None = None, record_id: int | None = None
    ) -> builtins.list[HistoryRecord]:
        """The records an export covers: one attempt (`record_id`) or all of `user`'s."""
        if record_id is not None:
            record = self.get(record_id, user)
            return [record] if record else []
        return self.list(user)


def _model_label(engine: EngineInfo) -> str:
    return "offline" if engine.engine == "offline" else f"{engine.provider}:{engine.model}"


def _record(row: sqlite3.Row) -> HistoryRecord:
    report = row["report_json"]
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
    )


def scored_overalls(records: Sequence[HistoryRecord]) -> list[int]:
    return [r.overall for r in records if r.overall is not None]
