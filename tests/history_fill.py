"""Fill a history store the way the app does (save the answer, then attach its grade)."""

from __future__ import annotations

from collections.abc import Sequence

from interview_coach.history import HistoryStore
from interview_coach.models import GradeReport, InterviewContext, Turn, Unscored


def save_graded(
    store: HistoryStore,
    outcome: GradeReport | Unscored,
    answer: str,
    context: InterviewContext | None = None,
    transcript: Sequence[Turn] = (),
    user: str = "local",
) -> int:
    context = context or InterviewContext()
    record_id = store.save_pending(
        user=user, context=context, transcript=transcript, answer=answer, engine=outcome.engine
    )
    store.complete(record_id, outcome, transcript)
    return record_id
