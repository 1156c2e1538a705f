"""Chainlit entry point: the decorators only. Run it with `interview-coach web`.

Settings come from the usual places (INTERVIEW_COACH_* variables, INTERVIEW_COACH_CONFIG, .env);
`interview-coach web` passes its flags through those variables.
"""

from __future__ import annotations

import logging
from typing import Any

import chainlit as cl

from interview_coach.config import load_settings
from interview_coach.history_access import open_history
from interview_coach.web import chainlit_adapter
from interview_coach.web.auth import LOCAL_USER, parse_users, require_auth_secret, sign_in
from interview_coach.web.engines import build_engines
from interview_coach.web.handlers import ChatController
from interview_coach.web.security import current_client
from interview_coach.web.throttle import LoginLocked, LoginThrottle
from interview_coach.web.ui import ChainlitUI, settings_widgets
from interview_coach.web.voice import VoiceChat

log = logging.getLogger(__name__)
SETTINGS = load_settings()
STORE = open_history(SETTINGS)
USERS = parse_users(SETTINGS.web_users)
require_auth_secret(USERS)
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
)


def _controller() -> ChatController:
    controller = cl.user_session.get("controller")
    assert isinstance(controller, ChatController)
    return controller


def _voice() -> VoiceChat:
    voice = cl.user_session.get("voice")
    assert isinstance(voice, VoiceChat)
    return voice


@cl.on_chat_start
async def on_chat_start() -> None:
    user = cl.user_session.get("user")
    identifier = user.identifier if user is not None else LOCAL_USER
    controller = ChatController(
        ChainlitUI(read_aloud=SETTINGS.voice.read_question),
        SETTINGS,
        STORE,
        build_engines,
        user=identifier,
    )
    cl.user_session.set("controller", controller)
    cl.user_session.set("voice", VoiceChat(controller, controller.ui, SETTINGS))  # type: ignore[arg-type]
    await cl.ChatSettings(settings_widgets(controller.options)).send()
    await controller.start()


@cl.on_settings_update
async def on_settings_update(values: dict[str, Any]) -> None:
    await _controller().settings_changed(values)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await _controller().message(message.content)
    _voice().settle()


async def on_action(action: cl.Action) -> None:
    await _controller().action(action.name, action.payload)
    _voice().settle()


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


if USERS:
    cl.password_auth_callback(on_login)
