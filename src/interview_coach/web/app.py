"""Chainlit entry point: the decorators only. Run it with `interview-coach web`.

Settings come from the usual places (INTERVIEW_COACH_* variables, INTERVIEW_COACH_CONFIG, .env);
`interview-coach web` passes its flags through those variables.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl

from interview_coach.config import load_settings
from interview_coach.history_access import open_history
from interview_coach.web.auth import LOCAL_USER, check_login, parse_users
from interview_coach.web.engines import build_engines
from interview_coach.web.handlers import ChatController
from interview_coach.web.ui import ChainlitUI, settings_widgets

SETTINGS = load_settings()
STORE = open_history(SETTINGS)
USERS = parse_users(SETTINGS.web_users)
ACTIONS = (
    "feedback_now",
    "try_again",
    "new_session",
    "export",
    "retry",
    "grade_saved",
    "discard_saved",
)


def _controller() -> ChatController:
    controller = cl.user_session.get("controller")
    assert isinstance(controller, ChatController)
    return controller


@cl.on_chat_start
async def on_chat_start() -> None:
    user = cl.user_session.get("user")
    identifier = user.identifier if user is not None else LOCAL_USER
    controller = ChatController(ChainlitUI(), SETTINGS, STORE, build_engines, user=identifier)
    cl.user_session.set("controller", controller)
    await cl.ChatSettings(settings_widgets(controller.options)).send()
    await controller.start()


@cl.on_settings_update
async def on_settings_update(values: dict[str, Any]) -> None:
    await _controller().settings_changed(values)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await _controller().message(message.content)


async def on_action(action: cl.Action) -> None:
    await _controller().action(action.name, action.payload)


for _name in ACTIONS:
    cl.action_callback(_name)(on_action)


async def on_login(username: str, password: str) -> cl.User | None:
    identifier = check_login(USERS, username, password)
    return cl.User(identifier=identifier) if identifier else None


if USERS:
    cl.password_auth_callback(on_login)
