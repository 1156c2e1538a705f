"""The load benchmark's light simulated user (benchmarks/light_client.py) speaks Chainlit's
socket.io protocol: a whole interview against a real server says exactly what python-socketio's
client hears, and, against a scripted server, a turn ends only at `task_end`, pings and acks are
answered, and the `task_end` sent before the greeting does not end the opening."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web

from live_server import live_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import chat_answers
import chat_load
from chat_client import ChatClient
from light_client import LightClient, http_session


async def _interview(client: chat_load.Client) -> list[str]:
    """Everything the interviewer says in one interview, turn by turn."""
    await client.connect()
    try:
        await client.wait_opening()
        said = []
        for text in chat_answers.ANSWERS:
            _elapsed, reply = await client.answer(text)
            said.append(reply)
            if any(marker in reply for marker in chat_load.FEEDBACK_MARKERS):
                break
        return said
    finally:
        await client.close()


async def _both_clients_and_a_burst(url: str) -> tuple[list[str], list[str], chat_load.Sample]:
    async with http_session() as http:
        light = LightClient(http, url, 30)
        assert "Cookie" in await light.sign_in(), "no anonymous identity from /auth/header"
        said_light = await _interview(LightClient(http, url, 30))
    said_socketio = await _interview(ChatClient(url, 30))
    async with chat_load.clients("light", url, 30) as make:
        sample = await chat_load.burst(make, 3)
    return said_light, said_socketio, sample


def test_a_whole_interview_hears_what_python_socketio_hears(tmp_path: Path) -> None:
    with live_server(tmp_path) as url:
        said_light, said_socketio, sample = asyncio.run(_both_clients_and_a_burst(url))
    assert said_light == said_socketio
    assert "Your score:" in said_light[-1]
    assert len(said_light) == 3, "the answer, two follow-ups (INTERVIEW_COACH_FOLLOWUPS=2)"
    assert sample.errors == []
    assert len(sample.turns) == 3 * 3, "three users, three turns each"


TASK_END = '42["task_end",{}]'
GREETING = '42["new_message",{"id":"g","type":"assistant_message","output":"Hello"}]'
FEEDBACK = '42["new_message",{"id":"f","type":"assistant_message","output":"Your score: 5"}]'
SLOW_SECONDS = 0.3
HEARD = web.AppKey("heard", list[str])


async def _scripted(request: web.Request) -> web.WebSocketResponse:
    """Chainlit's side of one opening and one turn, with the packets a client must handle."""
    heard: list[str] = request.app[HEARD]
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    heard.append(request.headers.get("Cookie", ""))

    async def send(*packets: str) -> None:
        for packet in packets:
            await ws.send_str(packet)

    async def hear(count: int = 1) -> None:
        for _ in range(count):
            heard.append(await ws.receive_str())

    await send('0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":20000}')
    await hear()  # 40{auth}
    await send('40{"sid":"s"}')
    await hear()  # connection_successful
    await send(TASK_END, GREETING, "2", TASK_END)  # Chainlit's early task_end, then on_chat_start
    await hear(2)  # pong, client_message
    await send('42["task_start",{}]', '42["stream_start",{"id":"f"}]')
    await send('42["stream_token",{"id":"f","token":"Your"}]', FEEDBACK, '427["ask",{}]')
    await hear()  # the ack
    await asyncio.sleep(SLOW_SECONDS)  # the handler is still running: the turn is not over
    await send(TASK_END, "2")
    await hear(2)  # pong while the user thinks, then the disconnect
    await ws.close()
    return ws


@asynccontextmanager
async def _scripted_server(heard: list[str]) -> AsyncIterator[str]:
    app = web.Application()
    app[HEARD] = heard
    app.router.add_get("/ws/socket.io/", _scripted)
    app.router.add_post("/auth/header", _signed_in)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def _signed_in(_request: web.Request) -> web.Response:
    response = web.json_response({})
    response.set_cookie("access_token", "anon-token")
    response.set_cookie("LB", "b")
    return response


async def _one_turn(heard: list[str]) -> tuple[float, str]:
    async with _scripted_server(heard) as url, http_session() as http:
        client = LightClient(http, url, 10)
        await client.connect()
        await client.wait_opening()
        turn = await client.answer("My answer.")
        await client.idle(0.5)
        await client.close()
    return turn


def test_a_turn_ends_at_task_end_and_pings_and_acks_are_answered() -> None:
    heard: list[str] = []
    elapsed, said = asyncio.run(_one_turn(heard))
    assert elapsed >= SLOW_SECONDS, "the turn ended before the server's task_end"
    assert said == "Your score: 5"
    cookie, connect, ready, pong, message, ack, idle_pong, bye = heard
    assert cookie == "access_token=anon-token; LB=b"
    assert connect.startswith("40") and json.loads(connect[2:])["clientType"] == "webapp"
    assert ready == '42["connection_successful"]'
    assert pong == idle_pong == "3"
    event, payload = json.loads(message[2:])
    assert (event, payload["message"]["output"]) == ("client_message", "My answer.")
    assert ack == "437[]"
    assert bye == "41"
