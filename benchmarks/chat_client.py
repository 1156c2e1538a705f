"""One browser tab's worth of Chainlit socket.io traffic on python-socketio's client, for
`chat_load.py --clients light,socketio`: the same-run reference for the CPU that light_client.py
saves (python-socketio is the reference implementation of the protocol).

Protocol (chainlit/socket.py): connect to /ws/socket.io with auth {sessionId, clientType, userEnv,
chatProfile, threadId}; emit `connection_successful` (runs on_chat_start); emit `client_message`
with {message: StepDict, fileReferences}; the server streams `stream_start`/`stream_token`, sends
`new_message`, and emits `task_end` when the turn's handler returns.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import socketio
from light_client import connect_auth


class ChatClient:
    """One browser tab's worth of Chainlit socket.io traffic."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.streamed: set[str] = set()
        self.sio.on("*", self._on_event)

    async def _on_event(self, event: str, data: Any = None) -> None:
        self.events.put_nowait((event, data))

    async def sign_in(self) -> dict[str, str]:
        """Without logins the app may still give each browser its own identity (a header-auth
        callback): ask for it as the page does; a server without one answers 4xx."""
        async with httpx.AsyncClient(base_url=self.url, timeout=self.timeout) as http:
            reply = await http.post("/auth/header")
        if reply.status_code != 200:
            return {}
        cookie = "; ".join(f"{k}={v}" for k, v in reply.cookies.items())
        return {"Cookie": cookie} if cookie else {}

    async def connect(self) -> None:
        headers = await self.sign_in()
        auth = connect_auth()
        await self.sio.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            auth=auth,
            headers=headers,
            wait_timeout=self.timeout,
        )
        await self.sio.emit("connection_successful")

    async def _next(self, deadline: float) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), max(0.01, deadline - time.monotonic()))

    async def wait_opening(self) -> None:
        """Until on_chat_start is done: the greeting (with its Start button), then `task_end`.
        The first answer then also asks the question, as it does for a person who just types."""
        deadline = time.monotonic() + self.timeout
        greeted = False
        while True:
            event, data = await self._next(deadline)
            if event == "new_message" and data.get("type") == "assistant_message":
                greeted = True
            elif event == "task_end" and greeted:
                return

    async def answer(self, text: str) -> tuple[float, str]:
        """Send one answer; return the turn time and everything the interviewer said."""
        message = {
            "id": str(uuid.uuid4()),
            "threadId": "",
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        started = time.monotonic()
        await self.sio.emit("client_message", {"message": message, "fileReferences": None})
        deadline = started + self.timeout
        said: list[str] = []
        while True:
            event, data = await self._next(deadline)
            if event == "new_message" and data.get("type") == "assistant_message":
                said.append(data.get("output", ""))
            elif event == "task_end":
                return time.monotonic() - started, "\n".join(said)

    async def idle(self, seconds: float) -> None:
        """Think for `seconds` (python-socketio answers the server's pings meanwhile)."""
        await asyncio.sleep(seconds)

    async def close(self) -> None:
        await self.sio.disconnect()
