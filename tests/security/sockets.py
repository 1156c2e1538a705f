"""A real socket.io client speaking Chainlit's handshake, as a browser page would."""

from __future__ import annotations

import uuid

import aiohttp
import socketio


async def connect(url: str, origin: str | None, cookie: str | None = None) -> bool:
    """True if the chat's socket accepts the connection (websocket transport)."""
    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if cookie is not None:
        headers["Cookie"] = cookie
    auth = {"sessionId": str(uuid.uuid4()), "clientType": "webapp", "threadId": None}
    async with aiohttp.ClientSession() as session:
        # handle_sigint=False: by default python-socketio/engineio replace the process-wide
        # SIGINT handler, and asyncio.run then no longer turns Ctrl-C into a cancellation
        # in later tests of the same process (tests/faults' Ctrl-C test).
        client = socketio.AsyncClient(reconnection=False, http_session=session, handle_sigint=False)
        try:
            await client.connect(
                url,
                headers=headers,
                auth=auth,
                transports=["websocket"],
                socketio_path="/ws/socket.io",
                wait_timeout=10,
            )
        except socketio.exceptions.ConnectionError:
            return False
        connected = client.connected
        await client.disconnect()
    return bool(connected)
