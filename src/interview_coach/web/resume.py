"""Resuming a chat from the store (a reload, a sidebar click, or another instance after a crash).

`cl.user_session` is lost when an instance dies, so the interview is rebuilt from what is stored:
the attempts made in the thread (context, options, transcript, report) and, for what happened
after the last save, the thread's steps. A final answer with no reply (the instance died while
answering) is answered now; an answer that was being scored is scored now; a scorecard is
redrawn from its stored report (the chart is rebuilt from the data, not from a stored file).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..catalogue import STYLES
from ..models import GradeReport, Speaker, Turn
from ..report_view import ScoredView, build_view
from ..session import Phase
from .chat_ui import EXPORT, NEW_SESSION, TRY_AGAIN, retry_button
from .options import ChatOptions
from .scorecard import criteria_chart, summary_markdown

if TYPE_CHECKING:
    from ..store import HistoryRecord
    from .handlers import ChatController

_MESSAGES = ("user_message", "assistant_message")
REDRAWN = "Your scorecard, redrawn from your history. Try again, start a new session or export it."
RESUMED_SCORING = "Your answer was being scored when the connection dropped; scoring it now."


def messages(steps: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The thread's chat messages in the order they were sent."""
    found = [s for s in steps if s.get("type") in _MESSAGES]
    return sorted(found, key=lambda s: str(s.get("createdAt") or ""))


def unanswered(steps: Sequence[Mapping[str, Any]]) -> str | None:
    """The person's last message if nothing answered it (the instance died in between)."""
    shown = messages(steps)
    if shown and shown[-1].get("type") == "user_message":
        return str(shown[-1].get("output") or "") or None
    return None


def _question(steps: Sequence[Mapping[str, Any]]) -> str | None:
    """The question the first answer replied to: the interviewer's message before it."""
    shown = messages(steps)
    first = next((i for i, s in enumerate(shown) if s.get("type") == "user_message"), len(shown))
    before = [s for s in shown[:first] if s.get("type") == "assistant_message"]
    return str(before[-1].get("output") or "") if before else None


def _options(chat: ChatController, record: HistoryRecord) -> ChatOptions:
    style = record.options.get("style", chat.options.style)
    followups = record.options.get("followups", chat.options.followups)
    return ChatOptions(
        context=record.context,
        style=style if style in STYLES else chat.options.style,
        followups=followups if isinstance(followups, int) else chat.options.followups,
    )


def _restore(chat: ChatController, records: Sequence[HistoryRecord], pending: str | None) -> None:
    latest = records[-1]
    chat.options = _options(chat, latest)
    chat.session = chat._new_session()
    chat.session.outcomes = [r.outcome for r in records if r.outcome is not None]
    chat.record_ids = [r.id for r in records]
    turns = list(latest.transcript)
    if latest.outcome is not None:
        chat.session.state.turns = turns
        chat.session.graded(latest.outcome)
        chat.record_id = latest.id if chat.phase == Phase.failed else None
        return
    last: Turn | None = turns[-1] if turns else None
    if (
        pending is not None
        and last is not None
        and last.speaker == Speaker.candidate
        and last.text.strip() == pending.strip()
    ):
        turns.pop()  # saved, but not answered: it is sent again below
    chat.session.state.turns = turns
    chat.record_id = latest.id


async def restore(chat: ChatController, steps: Sequence[Mapping[str, Any]]) -> str | None:
    """Rebuild `chat` for its thread; returns the person's last message if it has no reply.

    Nothing is shown here: Chainlit redraws the stored messages after `on_chat_resume` returns
    and would wipe anything sent before (see `finish`)."""
    assert chat.thread_id is not None
    thread_id = chat.thread_id
    records = await chat._history(lambda: chat.store.for_thread(thread_id, chat.user)) or []
    pending = unanswered(steps)
    chat.begun = True
    async with chat._lock:
        if records:
            _restore(chat, records, pending)
        else:
            question = _question(steps)
            if question:
                chat.session.state.turns = [
                    Turn(speaker=Speaker.interviewer, kind="question", text=question)
                ]
    chat.resumed = records[-1] if records else None
    return pending


async def finish(chat: ChatController, pending: str | None) -> None:
    """Once the stored messages are on screen: answer a message left without a reply, finish
    scoring cut short, or redraw the scorecard."""
    await chat._engine_footer()
    if pending is not None:
        await chat.message(pending)
        return
    latest = chat.resumed
    if latest is not None:
        async with chat._lock:
            await _finish(chat, latest)


async def resume(chat: ChatController, steps: Sequence[Mapping[str, Any]]) -> None:
    """`restore`, then `finish` (the app runs the second after Chainlit redrew the thread)."""
    await finish(chat, await restore(chat, steps))


async def _finish(chat: ChatController, latest: HistoryRecord) -> None:
    outcome = latest.outcome
    view = build_view(outcome, latest.answer) if isinstance(outcome, GradeReport) else None
    if isinstance(view, ScoredView):
        buttons = [TRY_AGAIN, NEW_SESSION, EXPORT]
        await chat.ui.scorecard(summary_markdown(view), criteria_chart(view), REDRAWN, buttons)
    elif chat.phase == Phase.failed:
        await chat.ui.say(
            "Your answer is saved but not graded yet; press Retry to grade it.",
            [retry_button("grade"), NEW_SESSION],
        )
    elif outcome is None and any(t.kind == "closing" for t in chat.session.state.turns):
        await chat.ui.say(RESUMED_SCORING)
        await chat._run(chat.session.grade_saved())
