"""What runs when an app instance starts: the schema is migrated, a SQLite history file
imported into Postgres (once), and retention applied; then retention again while it runs.

It runs on a private event loop with its own engine (disposed after), before the server's loop
exists, so no connection crosses loops; several instances starting together take turns on the
migration (see `schema.migrate`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..config import Settings
from .access import HISTORY_ERRORS, open_history
from .attempts import HistoryStore
from .erase import Erased, purge_older_than
from .legacy import import_sqlite

log = logging.getLogger(__name__)
_T = TypeVar("_T")
RETENTION_EVERY = 6 * 3600.0  # seconds between purges while an instance runs


def run_sync(work: Coroutine[Any, Any, _T]) -> _T:
    """Run `work` to completion from sync code, also when an event loop is already running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


async def prepare_async(settings: Settings) -> Erased | None:
    store = open_history(settings)
    try:
        await store.ready()
        if settings.database_url is not None:
            copied = await import_sqlite(store, settings.history_db)
            if copied is not None:
                log.info("imported %d attempt(s) from %s", copied, settings.history_db)
        if settings.retention_days is None:
            return None
        return await _purge(store, settings.retention_days)
    finally:
        await store.close()


async def _purge(store: HistoryStore, days: int) -> Erased:
    erased = await purge_older_than(store, days)
    if erased.sessions or erased.attempts:
        log.info(
            "retention: deleted %d session(s) and %d attempt(s) older than %d days",
            erased.sessions,
            erased.attempts,
            days,
        )
    return erased


async def purge_periodically(
    store: HistoryStore, days: int, every: float = RETENTION_EVERY
) -> None:
    """Retention again every `every` seconds while the chat runs: a server left up for weeks
    would otherwise keep data past its limit until its next restart. Every instance runs it
    (deleting what is already gone deletes nothing); a database that fails is tried next time."""
    while True:
        await asyncio.sleep(every)
        try:
            await _purge(store, days)
        except HISTORY_ERRORS as exc:
            log.warning("retention failed, trying again in %.0f s: %r", every, exc)


def prepare(settings: Settings) -> Erased | None:
    """Migrate, then purge what is older than `retention_days` (when set)."""
    if not settings.history:
        return None
    return run_sync(prepare_async(settings))
