"""A real socket.io client speaking Chainlit's handshake, as a browser page would."""

from __future__ import annotations

import uuid

import aiohttp
import socketio


async def anonymous_cookie(session: aiohttp.ClientSession, url: str) -> str | None:
    """Without logins the page first asks `/auth/header` for its own anonymous identity (a
    signed cookie); with logins on that route refuses, and there is no cookie."""
    async with session.post(f"{url}/auth/header", headers={"Origin": url}) as response:
        if response.status != 200:
            return None
        return "; ".join(f"{k}={v.value}" for k, v in response.cookies.items()) or None


async def connect(url: str, origin: str | None, cookie: str | None = None) -> bool:
    """True if the chat's socket accepts the connection (websocket transport)."""
    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    auth = {"sessionId": str(uuid.uuid4()), "clientType": "webapp", "threadId": None}
    async with aiohttp.ClientSession() as session:
        if cookie is None:
            cookie = await anonymous_cookie(session, url)
        if cookie is not None:
            headers["Cookie"] = cookie
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
