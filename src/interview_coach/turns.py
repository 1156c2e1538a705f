"""One interviewer turn with the recovery the terminal and the chat share.

A streamed reply that ends without a finish reason was cut off (a dropped connection, a proxy
timeout): it is discarded and asked for once more; cut off again, the interview goes on with
the offline interviewer and a notice. Any other model error is the caller's to handle.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from .llm_errors import LLMError
from .session import InterviewSession

CUT_OFF_NOTICE = (
    "The AI interviewer's reply was cut off twice, so the offline interviewer takes over from "
    "here. Your answers are kept."
)


def go_offline(session: InterviewSession, *, grader: bool = False) -> None:
    """Carry on with the offline interviewer (and grader), keeping every turn so far."""
    from .engine_factory import offline_grader, offline_interviewer

    session.interviewer = offline_interviewer(session.state.seed)
    if grader:
        session.grader = offline_grader()


async def show_turn(
    session: InterviewSession,
    show: Callable[[AsyncIterator[str]], Awaitable[Any]],
    turn: Callable[[], AsyncIterator[str]],
    notify: Callable[[str], Awaitable[Any]],
) -> None:
    """`show(turn())`; a cut-off reply is retried once, then the offline interviewer answers."""
    for _ in range(2):
        try:
            await show(turn())
            return
        except LLMError as exc:
            if exc.kind != "incomplete":
                raise
    go_offline(session)
    await notify(CUT_OFF_NOTICE)
    await show(turn())
