"""Bringing a SQLite history file into Postgres, once, when a class or team moves to a server.

The SQLite default needs none of this (its file is migrated in place, `schema.py`). With
`database_url` set, the attempts of the `history_db` file, if it exists, are copied at start and
the file is recorded in `imported_files`, so a restart never copies them twice. Chat sessions of
the file are not copied (their steps belong to one machine's chat); its attempts keep their user,
date, transcript and report.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, text

from .attempts import ATTEMPTS, HistoryStore

_COLUMNS = (
    "user",
    "created_at",
    "status",
    "overall",
    "band",
    "engine",
    "model",
    "context_json",
    "transcript_json",
    "answer",
    "report_json",
)


def _rows(path: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    conn.row_factory = sqlite3.Row
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "attempts" not in tables:
            return []
        query = "SELECT " + ", ".join(f'"{c}"' for c in _COLUMNS) + " FROM attempts ORDER BY id"
        return [dict(row) for row in conn.execute(query)]
    finally:
        conn.close()


async def import_sqlite(store: HistoryStore, path: Path) -> int | None:
    """Copy the attempts of the SQLite file at `path` into `store`, once; returns how many were
    copied now (None: the file was imported before, or there is none)."""
    if not path.is_file():
        return None
    source = str(path.resolve())
    await store.ready()
    async with store.transaction() as conn:
        done = await conn.execute(
            text("SELECT 1 FROM imported_files WHERE source = :s"), {"s": source}
        )
        if done.first() is not None:
            return None
        rows = _rows(path)
        if rows:
            await conn.execute(insert(ATTEMPTS), rows)
        await conn.execute(
            text("INSERT INTO imported_files (source, imported_at, attempts) VALUES (:s, :at, :n)"),
            {"s": source, "at": datetime.now(UTC).isoformat(), "n": len(rows)},
        )
    return len(rows)
