"""Saved answers in the chat: offer an ungraded one, grade or discard it, export the attempts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import export as export_files
from .actions import offered_pending
from .chat_ui import START, Button, Download
from .options import ChatOptions

if TYPE_CHECKING:
    from .handlers import ChatController


async def offer_saved(chat: ChatController) -> None:
    """At start: an answer saved but never graded (a reload, a failure) is offered back."""
    saved = await chat._history(lambda: chat.store.latest_ungraded(chat.user))
    if saved is None:
        return
    chat.offered.add(saved.id)
    when = saved.created_at.strftime("%Y-%m-%d %H:%M UTC")
    await chat.ui.say(
        f"You have an ungraded answer from {when}: grade it?",
        [
            Button("grade_saved", "Grade it", {"id": saved.id}),
            Button("discard_saved", "Discard it", {"id": saved.id}),
        ],
    )


async def grade_saved(chat: ChatController, payload: Mapping[str, Any]) -> None:
    record = await offered_pending(chat.store, chat.user, chat.offered, "grade_saved", payload)
    if record is None:
        await chat.ui.say("That answer is no longer waiting to be graded.")
        return
    chat.offered.discard(record.id)
    chat.begun = True
    await chat.ui.retire(START)
    chat.options = ChatOptions(
        context=record.context, style=chat.options.style, followups=chat.options.followups
    )
    chat.session = chat._new_session()
    chat.session.state.turns = list(record.transcript)
    chat.record_id = record.id
    if record.id not in chat.record_ids:
        chat.record_ids.append(record.id)
    await chat.ui.say("Grading your saved answer.")
    await chat._run(chat.session.grade_saved())


async def discard_saved(chat: ChatController, payload: Mapping[str, Any]) -> None:
    record = await offered_pending(chat.store, chat.user, chat.offered, "discard_saved", payload)
    if record is None:
        await chat.ui.say("That answer is no longer waiting to be graded; nothing discarded.")
        return
    chat.offered.discard(record.id)
    if await chat.store.delete(record.id, chat.user):
        await chat.ui.say("Discarded the saved answer.")


async def export(chat: ChatController) -> None:
    found = [await chat.store.get(i, chat.user) for i in chat.record_ids]
    records = [r for r in found if r is not None]
    if not records:
        await chat.ui.say("Nothing to export yet: answer the question first.")
        return
    await chat.ui.downloads(
        f"Your transcript and report ({len(records)} attempt(s)):",
        [
            Download("interview-practice.md", export_files.to_markdown(records), "text/markdown"),
            Download("interview-practice.json", export_files.to_json(records), "application/json"),
        ],
    )
