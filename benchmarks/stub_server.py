"""A tiny OpenAI-compatible stub on loopback with a fixed latency, for benchmarks; its wire
format (grades, streamed chunks) is shared with the tests' fault server, `tests/fault_server.py`.

    from stub_server import start_stub
    base_url, stop = start_stub(latency_s=0.05)   # base_url = "http://127.0.0.1:<port>/v1"
    ...
    stop()

It answers GET /v1/models and POST /v1/chat/completions (plain, streamed, and tool-call
requests) with a grade for the grader schema: every rubric criterion once, evidence quoted
verbatim from the <answer> in the request. `requests` on the returned stop function holds
every request body received, so a benchmark can replay the exact same payload. `reject` names
structured-output features it answers with a 400, as a server without them does: "json_schema",
"tools", "json_object".
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Collection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from interview_coach.rubric import CRITERION_IDS

_ANSWER = re.compile(r"<answer>\s*(.*?)\s*</answer>", re.DOTALL)


def answer_of(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages", [])):
        content = message.get("content")
        if isinstance(content, str):
            found = _ANSWER.search(content)
            if found:
                return found.group(1)
    return ""


def grade_json(answer: str, score: int = 4) -> str:
    """A valid grade for the grader schema; the evidence is the answer's first words."""
    quote = " ".join(answer.split()[:8])
    criteria = [
        {
            "criterion_id": cid,
            "evidence": [quote] if quote else [],
            "reason": f"Stub reason for {cid}.",
            "score": score,
        }
        for cid in CRITERION_IDS
    ]
    return json.dumps(
        {
            "criteria": criteria,
            "strengths": ["Clear opening."],
            "improvements": ["Name one concrete skill you want to build."],
            "red_flags": [],
        }
    )


def _usage(body: dict[str, Any], completion: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", [])) // 4
    out = max(1, len(completion) // 4)
    return {"prompt_tokens": prompt, "completion_tokens": out, "total_tokens": prompt + out}


def completion_for(body: dict[str, Any], score: int = 4) -> dict[str, Any]:
    """The /v1/chat/completions response for one request body."""
    content = grade_json(answer_of(body), score)
    message: dict[str, Any] = {"role": "assistant", "content": content}
    finish = "stop"
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_stub",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ],
        }
        finish = "tool_calls"
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": _usage(body, content),
    }


def feature_of(body: dict[str, Any]) -> str:
    """The structured-output feature a request uses: tools, a response format type, or text."""
    if body.get("tools"):
        return "tools"
    return str((body.get("response_format") or {}).get("type", "text"))


def sse_chunks(body: dict[str, Any], text: str, size: int = 16) -> list[bytes]:
    """A streamed reply as server-sent events: `size`-character deltas, the finish reason, the
    usage and [DONE]."""
    base = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": 0}
    base["model"] = body.get("model", "stub")
    chunks = []
    for i in range(0, len(text), size):
        delta = {"content": text[i : i + size]}
        chunks.append({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    chunks.append({**base, "choices": [], "usage": _usage(body, text)})
    lines = [f"data: {json.dumps(c)}\n\n".encode() for c in chunks]
    return [*lines, b"data: [DONE]\n\n"]


def _handler(
    latency_s: float, score: int, log: list[dict[str, Any]], reject: Collection[str]
) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two sends; with Nagle's algorithm on, the body would wait
        # for the client's delayed ACK (up to 40 ms on Linux) on a kept-alive connection.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, {"object": "list", "data": [{"id": "stub", "object": "model"}]})
            else:
                self._send(404, {"error": {"message": "File Not Found", "code": 404}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": "File Not Found", "code": 404}})
                return
            log.append(body)
            time.sleep(latency_s)
            if feature_of(body) in reject:
                message = f"{feature_of(body)} is not supported by this server"
                error = {"message": message, "type": "invalid_request_error", "code": 400}
                self._send(400, {"error": error})
                return
            if not body.get("stream"):
                self._send(200, completion_for(body, score))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in sse_chunks(body, grade_json(answer_of(body), score)):
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")

    return Handler


class StubServer(ThreadingHTTPServer):
    daemon_threads = True
    # A benchmark opens a burst of connections at once (16 at concurrency 16); socketserver's
    # default listen backlog of 5 drops the rest, and the client's SYN retry costs a second.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client closing its kept-alive connection is normal, not an error to print."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class StopFn:
    """Stops the stub; `.requests` lists the request bodies it received."""

    def __init__(self, server: StubServer, requests: list[dict[str, Any]]) -> None:
        self._server = server
        self.requests = requests

    def __call__(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def start_stub(
    latency_s: float, port: int = 0, *, score: int = 4, reject: Collection[str] = ()
) -> tuple[str, StopFn]:
    """Start the stub on 127.0.0.1 (port 0 = a free one); returns (base_url, stop)."""
    requests: list[dict[str, Any]] = []
    handler = _handler(latency_s, score, requests, frozenset(reject))
    server = StubServer(("127.0.0.1", port), handler)
    # A short poll interval so that stop() returns at once rather than after up to 0.5 s.
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/v1", StopFn(server, requests)
