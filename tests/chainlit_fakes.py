"""A real Chainlit context over a mocked websocket session, as Chainlit's own tests build it, for
handler tests that go through the Chainlit adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from unittest.mock import AsyncMock, Mock


@asynccontextmanager
async def chainlit_context(
    thread_id: str = "test-thread",
) -> AsyncIterator[list[tuple[str, dict[str, Any]]]]:
    """Yields the events the session emits, in order, as (event, data)."""
    from chainlit.context import ChainlitContext, context_var
    from chainlit.session import WebsocketSession

    events: list[tuple[str, dict[str, Any]]] = []

    async def emit(event: str, data: dict[str, Any]) -> None:
        events.append((event, data))

    session = Mock(spec=WebsocketSession)
    session.id = "test-session"
    session.thread_id = thread_id
    session.user = None
    session.has_first_interaction = True
    session.chat_settings = {}
    session.emit = AsyncMock(side_effect=emit)
    token = context_var.set(ChainlitContext(session))
    try:
        yield events
    finally:
        context_var.reset(token)
