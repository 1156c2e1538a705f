"""One interviewer turn with the recovery the terminal and the chat share.

A streamed reply that ends without a finish reason was cut off (a dropped connection, a proxy
timeout): it is discarded and asked for once more; cut off again, the interview goes on with
the offline interviewer and a notice. `interviewer_turn` adds the rule both front-ends follow
for any other interviewer failure: say what failed and go on with the offline interviewer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from .llm_errors import LLMError
from .session import InterviewSession

log = logging.getLogger(__name__)

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


def interviewer_failed_text(exc: BaseException) -> str:
    """A plain sentence; never the SDK's own message (it may echo request data)."""
    user_message = getattr(exc, "user_message", None)
    why = user_message if isinstance(user_message, str) and user_message else "it hit a problem."
    return (
        f"The AI interviewer failed: {why} Continuing with the offline interviewer; your "
        "answers are kept."
    )


async def interviewer_turn(
    session: InterviewSession,
    show: Callable[[AsyncIterator[str]], Awaitable[Any]],
    turn: Callable[[], AsyncIterator[str]],
    notify: Callable[[str], Awaitable[Any]],
) -> None:
    """One interviewer turn that always ends with the turn shown: on a model failure the
    person is told and the offline interviewer asks instead (the grader is left as it is)."""
    try:
        await show_turn(session, show, turn, notify)
    except Exception as exc:  # any interviewer failure: the interview must go on
        log.warning("interviewer failed: %r", exc)
        go_offline(session)
        await notify(interviewer_failed_text(exc))
        await show(turn())
