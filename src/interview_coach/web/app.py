"""Chainlit entry point: the decorators only. Run it with `interview-coach web`.

Settings come from the usual places (INTERVIEW_COACH_* variables, INTERVIEW_COACH_CONFIG, .env);
`interview-coach web` passes its flags through those variables.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.types import ThreadDict

from interview_coach.config import load_settings
from interview_coach.store import open_history
from interview_coach.store.lifecycle import prepare, purge_periodically
from interview_coach.web import chainlit_adapter, gc_settings
from interview_coach.web.auth import (
    LOCAL_USER,
    anonymous_user,
    ensure_session_secret,
    parse_users,
    require_auth_secret,
    sign_in,
)
from interview_coach.web.data_layer import CoachDataLayer
from interview_coach.web.engines import build_engines
from interview_coach.web.handlers import ChatController
from interview_coach.web.resume import finish, restore
from interview_coach.web.security import current_client
from interview_coach.web.throttle import LoginLocked, LoginThrottle
from interview_coach.web.ui import ChainlitUI, settings_widgets
from interview_coach.web.voice import VoiceChat

log = logging.getLogger(__name__)
SETTINGS = load_settings()
USERS = parse_users(SETTINGS.web_users)
require_auth_secret(USERS)
ensure_session_secret(USERS, SETTINGS)
prepare(SETTINGS)  # schema created or migrated, retention applied: once, before serving
STORE = open_history(SETTINGS, pooled=True)  # this server's event loop only
THROTTLE = LoginThrottle()
chainlit_adapter.install(users=USERS.keys())
ACTIONS = (
    "feedback_now",
    "try_again",
    "new_session",
    "export",
    "retry",
    "grade_saved",
    "discard_saved",
    "continue_offline",
    "start",
    "start_over",
    "keep_answering",
    "delete_my_data",
    "confirm_delete_all",
    "cancel_delete_all",
)


def data_layer() -> CoachDataLayer:
    """History, the sidebar of past sessions, resume and thumbs feedback, in our store."""
    return CoachDataLayer(STORE)


if SETTINGS.history:  # --no-history: no saved sessions, so no sidebar and no resume either
    cl.data_layer(data_layer)

_BACKGROUND: set[asyncio.Task[None]] = set()


@cl.on_app_startup
async def on_app_startup() -> None:
    """Chainlit keeps one startup hook: retention's schedule, then the collector's settings
    (last, so the heap they freeze is the one the server keeps)."""
    if SETTINGS.history and SETTINGS.retention_days is not None:
        task = asyncio.create_task(purge_periodically(STORE, SETTINGS.retention_days))
        _BACKGROUND.add(task)
        task.add_done_callback(_BACKGROUND.discard)
    gc_settings.settle()


@cl.on_app_shutdown
async def on_app_shutdown() -> None:
    for task in list(_BACKGROUND):
        task.cancel()


def _controller() -> ChatController:
    controller = cl.user_session.get("controller")
    assert isinstance(controller, ChatController)
    return controller


def _voice() -> VoiceChat:
    voice = cl.user_session.get("voice")
    assert isinstance(voice, VoiceChat)
    return voice


def _new_controller() -> ChatController:
    user = cl.user_session.get("user")
    identifier = user.identifier if user is not None else LOCAL_USER
    controller = ChatController(
        ChainlitUI(read_aloud=SETTINGS.voice.read_question),
        SETTINGS,
        STORE,
        build_engines,
        user=identifier,
        thread_id=cl.context.session.thread_id,
    )
    cl.user_session.set("controller", controller)
    cl.user_session.set("voice", VoiceChat(controller, controller.ui, SETTINGS))  # type: ignore[arg-type]
    return controller


@cl.on_chat_start
async def on_chat_start() -> None:
    controller = _new_controller()
    await cl.ChatSettings(settings_widgets(controller.options)).send()
    await controller.start()


@cl.on_chat_resume
async def on_chat_resume(thread: ThreadDict) -> None:
    """A past session from the sidebar, a reload, or another instance after a crash."""
    controller = _new_controller()
    pending = await restore(controller, list(thread.get("steps") or []))
    await cl.ChatSettings(settings_widgets(controller.options)).send()
    cl.user_session.set("named", True)
    chainlit_adapter.after_resume(lambda: finish(controller, pending))


@cl.on_settings_update
async def on_settings_update(values: dict[str, Any]) -> None:
    await _controller().settings_changed(values)


async def _name_session(controller: ChatController) -> None:
    """Chainlit names a session after its first message or button ('start'), in a task of its
    own; from the next message or button on (that task is done by then), once the interview
    has begun, the name is the role and company instead."""
    seen = int(cl.user_session.get("interactions") or 0) + 1
    cl.user_session.set("interactions", seen)
    if seen < 2 or not controller.begun or cl.user_session.get("named"):
        return
    cl.user_session.set("named", True)
    layer = get_data_layer()
    if layer is not None and controller.thread_id is not None:
        await layer.update_thread(controller.thread_id, name=controller.options.title())


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await _controller().message(message.content)
    _voice().settle()
    await _name_session(_controller())


async def on_action(action: cl.Action) -> None:
    await _controller().action(action.name, action.payload)
    _voice().settle()
    await _name_session(_controller())


for _name in ACTIONS:
    cl.action_callback(_name)(on_action)


@cl.on_audio_start
async def on_audio_start() -> bool:
    return _voice().start()


@cl.on_audio_chunk
async def on_audio_chunk(chunk: cl.InputAudioChunk) -> None:
    _voice().chunk(chunk.data)


@cl.on_audio_end
async def on_audio_end() -> None:
    await _voice().end()


@cl.action_callback("use_answer")
async def on_use_answer(_action: cl.Action) -> None:
    await _voice().use()


@cl.action_callback("record_again")
async def on_record_again(_action: cl.Action) -> None:
    await _voice().record_again()


async def on_login(username: str, password: str) -> cl.User | None:
    address = current_client()
    try:
        identifier = await sign_in(USERS, THROTTLE, username, password, address)
    except LoginLocked as locked:
        # Chainlit turns any exception here into a logged traceback and a 401 anyway; a locked
        # sign-in gets the same answer as a wrong password, and one log line.
        log.warning("sign-in refused: %s is locked out for %.0f s", address, locked.retry_after)
        return None
    return cl.User(identifier=identifier) if identifier else None


async def on_anonymous(_headers: Any) -> cl.User:
    return cl.User(identifier=anonymous_user())


if USERS:
    cl.password_auth_callback(on_login)
else:
    # Without logins each browser gets its own identity (kept in Chainlit's signed cookie), so
    # it has its own history, sidebar and resume and never sees another visitor's sessions.
    cl.header_auth_callback(on_anonymous)
