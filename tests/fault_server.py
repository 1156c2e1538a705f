"""A fault-injecting OpenAI-compatible server on a loopback port, for the `tests/faults/` matrix.

    server = FaultServer.start()          # base_url = "http://127.0.0.1:<port>/v1"
    server.queue("500", "ok")            # the next requests, in order; then `server.default`
    server.default = "401"               # every later request
    ...
    server.stop()

Each request takes the next mode of the queue (or the default) and is logged in `server.log` as
(kind, mode), kind being "grade" (a structured request), "turn" (a streamed interviewer turn) or
"rewrite" (a plain request). The wire format of valid replies (a grade with quotes from the
`<answer>`, SSE chunks, usage) is the benchmark stub's, `benchmarks/stub_server.py`.

Error replies carry `retry-after-ms: 20` so that the openai client's backoff (0.5-8 s) stays out
of the test run; "429" instead sends a `Retry-After` header (0.5 s), as a rate limit does.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from stub_server import StubServer, answer_of, grade_json, sse_chunks

MODES = (
    "ok",
    "500",
    "503",
    "429",
    "401",
    "404",
    "400-context",
    "hang",
    "slow",
    "truncated-json",
    "out-of-range",
    "missing-criteria",
    "reset",
    "stream-cut",
    "garbage",
    "html",
    "huge",
)
SLOW_S = 0.15
RETRY_AFTER_S = "0.5"
"""Seconds, as the 429's Retry-After header; the openai client reads fractions too."""
TURN = "Thanks for coming in today. To start: what are your career aspirations?"
HUGE_BYTES = 5 * 1024 * 1024

_ERRORS: dict[str, tuple[int, dict[str, Any]]] = {
    "500": (500, {"message": "The server had an error", "type": "server_error"}),
    "503": (503, {"message": "Service unavailable", "type": "server_error"}),
    "429": (429, {"message": "Rate limit reached", "type": "requests", "code": "rate_limit"}),
    "401": (
        401,
        {
            "message": "Incorrect API key",
            "type": "invalid_request_error",
            "code": "invalid_api_key",
        },
    ),
    "404": (
        404,
        {"message": "The model does not exist", "type": "invalid_request_error", "code": None},
    ),
    "400-context": (
        400,
        {
            "message": "This model's maximum context length is 8192 tokens.",
            "type": "invalid_request_error",
            "code": "context_length_exceeded",
        },
    ),
}


def kind_of(body: dict[str, Any]) -> str:
    if body.get("stream"):
        return "turn"
    if body.get("response_format") or body.get("tools"):
        return "grade"
    return "rewrite"


def _grade_content(body: dict[str, Any], mode: str) -> str:
    """The grade as the message content (the grader asks for a JSON-schema response format)."""
    data = json.loads(grade_json(answer_of(body)))
    if mode == "out-of-range":
        for criterion in data["criteria"]:
            criterion["score"] = 9
    if mode == "missing-criteria":
        data["criteria"] = data["criteria"][:6]
    text = json.dumps(data)
    if mode == "truncated-json":
        text = text[: len(text) // 2]
    return text


def _reply(body: dict[str, Any], content: str, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fault"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


@dataclass
class FaultServer:
    base_url: str
    default: str = "ok"
    log: list[tuple[str, str]] = field(default_factory=list)
    _queue: list[str] = field(default_factory=list)
    _server: Any = None
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def queue(self, *modes: str) -> None:
        for mode in modes:
            assert mode in MODES, mode
        with self._lock:
            self._queue.extend(modes)

    def next_mode(self, kind: str) -> str:
        with self._lock:
            mode = self._queue.pop(0) if self._queue else self.default
            self.log.append((kind, mode))
            return mode

    def count(self, kind: str | None = None) -> int:
        return sum(1 for k, _ in self.log if kind is None or k == kind)

    @classmethod
    def start(cls) -> FaultServer:
        server = cls(base_url="")
        httpd = StubServer(("127.0.0.1", 0), _handler(server))
        server._server = httpd
        server.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        return server

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()


def _handler(fault: FaultServer) -> type:
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, data: bytes, ctype: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _json(self, status: int, payload: dict[str, Any], **headers: str) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json", headers)

        def _reset(self) -> None:
            """Close with a TCP reset (SO_LINGER 0) instead of an orderly shutdown."""
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def do_GET(self) -> None:
            self._json(200, {"object": "list", "data": [{"id": "fault", "object": "model"}]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            kind = kind_of(body)
            mode = fault.next_mode(kind)
            if mode in _ERRORS:
                status, error = _ERRORS[mode]
                headers = (
                    {"Retry-After": RETRY_AFTER_S} if mode == "429" else {"retry-after-ms": "20"}
                )
                self._json(status, {"error": error}, **headers)
                return
            if mode == "hang":
                fault._stopping.wait(30)
                self._reset()
                return
            if mode == "slow":
                time.sleep(SLOW_S)
            if mode == "garbage":
                self._send(200, b"\x00\x9f garbage }{ not json", "application/json", {})
                return
            if mode == "html":
                page = b"<html><body><h1>Welcome to nginx!</h1></body></html>"
                self._send(200, page, "text/html", {})
                return
            if kind == "turn":
                self._stream(body, mode)
                return
            content = self._content(body, kind, mode)
            data = json.dumps(_reply(body, content)).encode()
            if mode in ("reset", "stream-cut"):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self._reset()
                return
            self._send(200, data, "application/json", {})

        def _content(self, body: dict[str, Any], kind: str, mode: str) -> str:
            if mode == "huge":
                return ("word " * (HUGE_BYTES // 5)).strip()
            if kind == "grade":
                return _grade_content(body, mode)
            return answer_of(body)

        def _stream(self, body: dict[str, Any], mode: str) -> None:
            chunks = sse_chunks(body, TURN)
            if mode == "huge":
                piece = sse_chunks(body, "word " * 12_000, size=60_000)[0]  # 60 kB, sent ~90 times
                chunks = [piece] * (HUGE_BYTES // len(piece)) + chunks[-3:]
            if mode in ("stream-cut", "reset"):
                chunks = chunks[: max(1, (len(chunks) - 3) // 2)]
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in chunks:
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            if mode == "reset":
                self._reset()
                return
            self.wfile.write(b"0\r\n\r\n")

    return Handler
