"""`local:<path-to.gguf>`: llama.cpp's own server (the `xllamacpp` wheel) started in-process on
a free loopback port, then reached through the same OpenAI client code path as any server.

The model file is the user's; nothing is downloaded. Needs the optional extra `local`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel

from ..config import ModelSettings, Settings
from ..llm_errors import LLMError, MissingDependencyError, ModelFileError
from .base import Connection
from .openai_provider import DUMMY_KEY, openai_chat_model

if TYPE_CHECKING:
    from .spec import ModelSpec

DEFAULT_CTX = 4096


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    """A running llama.cpp server; keep this object alive for as long as you call it."""

    path: Path
    alias: str
    port: int
    _server: Any = field(repr=False, default=None)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self) -> None:
        """Release the server (xllamacpp shuts it down when the object is freed)."""
        self._server = None


def set_model_alias(params: Any, name: str) -> str:
    """Name the served model, whichever shape this xllamacpp gives `model_alias`.

    Up to 0.2.12 it is a str; from 0.2.13 on (and the 2026.x releases) a set of names, where
    assigning a str would give a set of its characters. Returns the name clients must send.
    """
    if isinstance(params.model_alias, str):
        params.model_alias = name
    else:
        params.model_alias = {name}
    return name


def start_local_server(
    path: str | Path,
    *,
    alias: str | None = None,
    n_ctx: int = DEFAULT_CTX,
    threads: int | None = None,
    ready_timeout: float = 120.0,
) -> LocalServer:
    """Start xllamacpp's server for a GGUF file and wait until /v1/models answers."""
    if find_spec("xllamacpp") is None:
        raise MissingDependencyError("local", "local", "xllamacpp")
    gguf = Path(path).expanduser()
    if not gguf.is_file() or gguf.suffix.lower() != ".gguf":
        raise ModelFileError(str(gguf))
    import xllamacpp

    port = free_port()
    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    name = set_model_alias(params, alias or gguf.stem)
    params.n_ctx = n_ctx
    params.port = port
    params.cpuparams.n_threads = threads or max(1, min(4, os.cpu_count() or 2))
    server = LocalServer(gguf, name, port, xllamacpp.Server(params))
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.base_url}/models", timeout=2.0).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    server.stop()
    raise LLMError(
        "connection",
        f"The local model server for {gguf.name} did not start within {ready_timeout:.0f} s.",
        "Check that the file is a valid GGUF chat model and that there is enough memory.",
    )


_servers: dict[Path, LocalServer] = {}
_lock = threading.Lock()


def shared_local_server(path: str | Path) -> LocalServer:
    """One server per model file per process, shared by the interviewer and the grader."""
    key = Path(path).expanduser().resolve()
    with _lock:
        if key not in _servers:
            _servers[key] = start_local_server(key)
        return _servers[key]


class LocalProvider:
    name = "local"

    def connect(self, spec: ModelSpec, ms: ModelSettings, settings: Settings) -> Connection:
        if find_spec("xllamacpp") is None:
            raise MissingDependencyError("local", "local", "xllamacpp")
        gguf = Path(spec.model).expanduser()
        if not gguf.is_file() or gguf.suffix.lower() != ".gguf":
            raise ModelFileError(spec.model)
        server = shared_local_server(gguf)
        return Connection("local", server.alias, base_url=server.base_url, api_key=DUMMY_KEY)

    def chat_model(
        self, conn: Connection, ms: ModelSettings, *, cache: BaseCache | None
    ) -> BaseChatModel:
        return openai_chat_model(conn, ms, cache=cache)
