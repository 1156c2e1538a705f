"""A simulated browser tab that costs the load benchmark as little CPU as possible.

It speaks the same protocol as the page (and as `chat_client.ChatClient`, python-socketio's
client): Engine.IO v4 straight over one websocket (`EIO=4&transport=websocket`, no polling
first), Socket.IO v5 packets on the default namespace, to Chainlit's /ws/socket.io:

    server -> `0{"sid":..,"pingInterval":..}`   (Engine.IO open)
    client -> `40{auth}`                        (Socket.IO connect: sessionId, clientType, ...)
    server -> `40{"sid":..}` or `44{"message":..}`
    client -> `42["connection_successful"]`, `42["client_message",{...}]`
    server -> `42["event",data]`; `2` (ping) -> client `3` (pong)

The cost it removes from python-socketio's client: an aiohttp session and an httpx client (with
its TLS context) per user, a task per received packet, Packet objects and a JSON decode of every
streamed token. Here every user shares one aiohttp session (without a cookie jar: each user
keeps its own cookies), reads its websocket only while it waits for something, and decodes only
the `new_message` packets; every other event is recognised by its prefix.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import aiohttp

OPEN, PING, PONG = "0", "2", "3"
CONNECT, CONNECT_ERROR, DISCONNECT = "40", "44", "41"
EVENT = "42"
TASK_END = '42["task_end"'
NEW_MESSAGE = '42["new_message"'


def connect_auth() -> dict[str, Any]:
    """The auth Chainlit's page sends when its socket connects (a new chat, no thread yet)."""
    return {
        "sessionId": str(uuid.uuid4()),
        "clientType": "webapp",
        "userEnv": "{}",
        "chatProfile": None,
        "threadId": None,
    }


def http_session() -> aiohttp.ClientSession:
    """The one HTTP session every simulated user shares: no connection limit (each websocket
    holds one), no cookie jar (users must not share their anonymous identities)."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar()
    )


class LightClient:
    """One browser tab's worth of Chainlit socket.io traffic, on a shared aiohttp session."""

    def __init__(self, http: aiohttp.ClientSession, url: str, timeout: float) -> None:
        self.http = http
        self.url = url
        self.timeout = timeout
        self.ws: aiohttp.ClientWebSocketResponse | None = None

    async def sign_in(self) -> dict[str, str]:
        """As ChatClient.sign_in: the anonymous identity (and the proxy's LB cookie) the page
        gets from /auth/header, sent back as the websocket's Cookie header."""
        async with self.http.post(f"{self.url}/auth/header") as reply:
            if reply.status != 200:
                return {}
            cookie = "; ".join(f"{k}={v.value}" for k, v in reply.cookies.items())
        return {"Cookie": cookie} if cookie else {}

    async def connect(self) -> None:
        headers = await self.sign_in()
        auth = connect_auth()
        ws_url = self.url.replace("http", "ws", 1) + "/ws/socket.io/?EIO=4&transport=websocket"
        async with asyncio.timeout(self.timeout):
            self.ws = await self.http.ws_connect(ws_url, headers=headers)
            opening = await self._packet()
            if not opening.startswith(OPEN):
                raise ConnectionError(f"expected the Engine.IO open packet, got {opening[:80]!r}")
            await self.ws.send_str(CONNECT + json.dumps(auth))
            reply = await self._packet()
            if not reply.startswith(CONNECT):
                raise ConnectionRefusedError(f"socket.io connect refused: {reply[:200]!r}")
        await self.ws.send_str('42["connection_successful"]')

    async def _packet(self) -> str:
        """The next packet other than a ping (answered at once, as engine.io clients must)."""
        assert self.ws is not None
        while True:
            msg = await self.ws.receive()
            if msg.type is not aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"websocket {msg.type.name}: {msg.data!r}")
            packet: str = msg.data
            if packet == PING:
                await self.ws.send_str(PONG)
            elif packet[2:3].isdigit() and packet.startswith(EVENT):
                await self._ack(packet)
            else:
                return packet

    async def _ack(self, packet: str) -> None:
        """An event that wants an acknowledgement (Chainlit's `ask`/`call_fn`; the app uses
        neither): acknowledged empty, as python-socketio's client does for a handler that
        returns nothing."""
        assert self.ws is not None
        ack_id = packet[2 : packet.index("[")]
        await self.ws.send_str(f"43{ack_id}[]")

    @staticmethod
    def _assistant_output(packet: str) -> str | None:
        """The text of an interviewer's message; None for any other packet."""
        if not packet.startswith(NEW_MESSAGE):
            return None
        data: dict[str, Any] = json.loads(packet[2:])[1]
        return str(data.get("output", "")) if data.get("type") == "assistant_message" else None

    async def wait_opening(self) -> None:
        """Until on_chat_start is done: the greeting, then `task_end` (the `task_end` Chainlit
        sends before on_chat_start runs does not count)."""
        greeted = False
        async with asyncio.timeout(self.timeout):
            while True:
                packet = await self._packet()
                if self._assistant_output(packet) is not None:
                    greeted = True
                elif greeted and packet.startswith(TASK_END):
                    return

    async def answer(self, text: str) -> tuple[float, str]:
        """Send one answer; return the turn time (sent -> `task_end`) and everything the
        interviewer said."""
        assert self.ws is not None
        message = {
            "id": str(uuid.uuid4()),
            "threadId": "",
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        payload = json.dumps(["client_message", {"message": message, "fileReferences": None}])
        said: list[str] = []
        started = time.monotonic()
        await self.ws.send_str(EVENT + payload)
        async with asyncio.timeout(self.timeout):
            while True:
                packet = await self._packet()
                if packet.startswith(TASK_END):
                    return time.monotonic() - started, "\n".join(said)
                output = self._assistant_output(packet)
                if output is not None:
                    said.append(output)

    async def idle(self, seconds: float) -> None:
        """Think for `seconds`, still answering the server's pings (a user who thinks for
        longer than pingInterval + pingTimeout would otherwise be disconnected)."""
        try:
            async with asyncio.timeout(seconds):
                while True:
                    await self._packet()
        except TimeoutError:
            return

    async def close(self) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.send_str(DISCONNECT)
            await self.ws.close()
