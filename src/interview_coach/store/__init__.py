"""The one store of practice history: attempts and chat sessions in one database.

`attempts.py` holds the attempts, `schema.py` the versioned schema (ours and Chainlit's data
layer's), `erase.py` deletion and retention, `engine.py` which database, `access.py` opening it.
"""

from __future__ import annotations

from .access import (
    HISTORY_ERRORS,
    NO_HISTORY_HINT,
    HistoryUnavailable,
    MemoryHistoryStore,
    check_readable,
    check_writable,
    open_history,
)
from .attempts import HistoryRecord, HistoryStore, scored_overalls
from .engine import database_url, redacted, sqlite_url

__all__ = [
    "HISTORY_ERRORS",
    "NO_HISTORY_HINT",
    "HistoryRecord",
    "HistoryStore",
    "HistoryUnavailable",
    "MemoryHistoryStore",
    "check_readable",
    "check_writable",
    "database_url",
    "open_history",
    "redacted",
    "scored_overalls",
    "sqlite_url",
]
