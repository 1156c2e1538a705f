"""Fill a history store the way the app does (save the answer, then attach its grade)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from interview_coach.models import GradeReport, InterviewContext, Turn, Unscored
from interview_coach.store import HistoryStore

T = TypeVar("T")


async def save_graded(
    store: HistoryStore,
    outcome: GradeReport | Unscored,
    answer: str,
    context: InterviewContext | None = None,
    transcript: Sequence[Turn] = (),
    user: str = "local",
) -> int:
    context = context or InterviewContext()
    record_id = await store.save_pending(
        user=user, context=context, transcript=transcript, answer=answer, engine=outcome.engine
    )
    await store.complete(record_id, outcome, transcript)
    return record_id


def with_store(path: Path | HistoryStore, work: Callable[[HistoryStore], Awaitable[T]]) -> T:
    """Run `work` on a store from sync test code: one event loop, the engine closed after."""

    async def run() -> T:
        store = path if isinstance(path, HistoryStore) else HistoryStore(path)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())
