"""What runs once when an app instance starts: the schema is migrated, a SQLite history file
imported into Postgres (once), and retention applied.

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
from .access import open_history
from .erase import Erased, purge_older_than
from .legacy import import_sqlite

log = logging.getLogger(__name__)
_T = TypeVar("_T")


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
        erased = await purge_older_than(store, settings.retention_days)
        if erased.sessions or erased.attempts:
            log.info(
                "retention: deleted %d session(s) and %d attempt(s) older than %d days",
                erased.sessions,
                erased.attempts,
                settings.retention_days,
            )
        return erased
    finally:
        await store.close()


def prepare(settings: Settings) -> Erased | None:
    """Migrate, then purge what is older than `retention_days` (when set)."""
    if not settings.history:
        return None
    return run_sync(prepare_async(settings))
