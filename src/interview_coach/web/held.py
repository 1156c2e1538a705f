"""Text typed while an answer is scored (or after a grade): never lost, shown back to send again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outcome_view import quoted

if TYPE_CHECKING:
    from .handlers import ChatController


async def while_grading(chat: ChatController, text: str) -> None:
    """A message typed during scoring: answered at once (not after the grade, which holds the
    lock), and echoed back so nothing is lost; Try again offers it again."""
    if not text.strip():
        await chat.ui.say("Still scoring your answer; one moment.")
        return
    chat.held.append(text)
    await chat.ui.say(
        "Still scoring your answer; one moment. What you just sent was not added to the "
        f"answer being scored:\n\n{quoted(text)}\n\nPress Try again after the feedback "
        "to use it in your next attempt."
    )


def with_held(chat: ChatController, intro: str) -> str:
    """`intro`, plus (once) what the person typed while the last answer was being scored."""
    if not chat.held:
        return intro
    held = "\n\n".join(chat.held)
    chat.held = []
    return (
        f"{intro}\n\nYou wrote this while I was scoring; send it (as is or edited) to "
        f"start your new answer:\n\n{quoted(held)}"
    )
