"""Opening the history database, and telling "no history yet" from "cannot use it".

`web` and `practice` check the path before they start (so an unusable path is a one-line error
at the command line, not a broken chat later); `--no-history` keeps attempts in memory for the
run instead. `history` reads without creating anything.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from .config import Settings
from .history import HistoryStore

HISTORY_ERRORS = (sqlite3.Error, OSError)
"""What a history read or write can raise: the edges turn these into a notice."""

NO_HISTORY_HINT = (
    "Fix the path or its permissions, move a damaged file aside (a new one is created), choose "
    "another file with --history-db PATH (or INTERVIEW_COACH_HISTORY_DB), or run with "
    "--no-history to keep attempts in memory only."
)


class HistoryUnavailable(Exception):
    """The history database cannot be used; `str()` says why, `hint` what to do."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"cannot use the history database {path}: {why}")
        self.hint = NO_HISTORY_HINT


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc) or type(exc).__name__
    if "not a database" in text or "malformed" in text:
        return f"the file is damaged ({text})"
    return text


def check_readable(path: Path) -> None:
    """Raise HistoryUnavailable unless `path` is a readable, undamaged history database."""
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


def check_writable(path: Path) -> None:
    """Raise HistoryUnavailable unless attempts can be saved at `path` (created if missing)."""
    if path.exists() and path.is_dir():
        raise HistoryUnavailable(path, "it is a folder, not a file")
    try:
        HistoryStore(path).latest_ungraded("")
        if path.exists():
            check_readable(path)
        conn = sqlite3.connect(path, timeout=5)
        try:
            conn.execute("BEGIN IMMEDIATE")  # takes the write lock: fails on a read-only file
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except HistoryUnavailable:
        raise
    except HISTORY_ERRORS as exc:
        raise HistoryUnavailable(path, _why(exc)) from None


class MemoryHistoryStore(HistoryStore):
    """The same store in an in-memory database that lives as long as this object (--no-history)."""

    def __init__(self) -> None:
        super().__init__(Path(f"memory-{uuid.uuid4().hex}"))
        self._uri = f"file:{self.path.name}?mode=memory&cache=shared"
        self._keeper = sqlite3.connect(self._uri, uri=True, check_same_thread=False)

    def _open(self) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True, timeout=10)


def open_history(settings: Settings) -> HistoryStore:
    """The store the app uses: the database file, or memory only when history is off."""
    return HistoryStore(settings.history_db) if settings.history else MemoryHistoryStore()
