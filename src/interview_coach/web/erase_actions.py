"""'Delete all my data' in the chat: asked, confirmed, then every session and attempt is gone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainlit.data import get_data_layer

from ..store.erase import delete_user
from .chat_ui import START, Button
from .data_layer import CoachDataLayer

if TYPE_CHECKING:
    from .handlers import ChatController

DELETE_DATA = Button("delete_my_data", "Delete all my data")
CONFIRM_DELETE = Button("confirm_delete_all", "Yes, delete everything")
CANCEL_DELETE = Button("cancel_delete_all", "No, keep it")


async def ask(chat: ChatController) -> None:
    chat.confirming_delete = True
    await chat.ui.say(
        "Delete every practice session and attempt you saved, on every device you use with "
        "this account? This cannot be undone.",
        [CONFIRM_DELETE, CANCEL_DELETE],
    )


async def confirm(chat: ChatController) -> None:
    """Only after `ask` in this chat: a forged confirm without the question deletes nothing."""
    if not chat.confirming_delete:
        return
    chat.confirming_delete = False
    if not chat.saving:
        await chat.ui.say("Already deleted: nothing from this chat has been saved since.")
        return
    user = chat.user
    data_layer = get_data_layer()
    layer = data_layer if isinstance(data_layer, CoachDataLayer) else None
    if layer is not None:
        await layer.before_erase(chat.thread_id)
    erased = await chat._history(lambda: delete_user(chat.store, user))
    if layer is not None:
        layer.after_erase(chat.thread_id, done=erased is not None)
    if erased is None:
        return
    chat.saving = False
    chat.record_id, chat.record_ids = None, []
    chat.offered.clear()
    await chat.ui.say(
        f"Deleted {erased.sessions} session(s) and {erased.attempts} attempt(s). Nothing more "
        "from this chat is saved; reload the page to start a new session that is."
    )


async def cancel(chat: ChatController) -> None:
    """Nothing is deleted; before the interview began, Start comes back (the question replaced
    the welcome message's buttons)."""
    if chat.confirming_delete:
        chat.confirming_delete = False
        await chat.ui.say("Nothing deleted.", [] if chat.begun else [START])
