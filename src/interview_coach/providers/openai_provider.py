"""`openai:<model>` and `openai-compatible:<model>` (Ollama, vLLM, LM Studio, llama.cpp...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from ..config import ConfigError, ModelSettings, Settings
from ..llm_errors import MissingKeyError
from .base import Connection, pick_key

if TYPE_CHECKING:
    from .spec import ModelSpec

DUMMY_KEY = SecretStr("not-needed")


def openai_chat_model(
    conn: Connection, ms: ModelSettings, *, cache: BaseCache | None
) -> BaseChatModel:
    """The one adapter for every OpenAI-wire server: timeouts and 429/5xx retries with backoff
    come from the openai client (`timeout`, `max_retries`).

    Each model gets its own async HTTP client. langchain-openai otherwise shares one per base
    URL for the whole process, and that client's connections belong to the first event loop
    that used it: a second `asyncio.run` in the same process (a test run, a notebook, an eval
    after an eval) then fails with "Event loop is closed".
    """
    from openai import DefaultAsyncHttpxClient

    from .lc_adapter import chat_openai_class

    return chat_openai_class()(
        model=conn.model,
        base_url=conn.base_url,
        api_key=conn.api_key or DUMMY_KEY,
        temperature=ms.temperature,
        timeout=ms.budget_s,
        max_retries=ms.max_retries,
        stream_usage=True,
        cache=cache,
        http_async_client=DefaultAsyncHttpxClient(),
    )


class OpenAIProvider:
    name = "openai"

    def connect(self, spec: ModelSpec, ms: ModelSettings, settings: Settings) -> Connection:
        key = pick_key(ms.api_key, settings.openai_api_key)
        if key is None:
            raise MissingKeyError("openai", "OPENAI_API_KEY")
        return Connection("openai", spec.model, base_url=ms.base_url, api_key=key)

    def chat_model(
        self, conn: Connection, ms: ModelSettings, *, cache: BaseCache | None
    ) -> BaseChatModel:
        return openai_chat_model(conn, ms, cache=cache)


class OpenAICompatibleProvider:
    name = "openai-compatible"

    def connect(self, spec: ModelSpec, ms: ModelSettings, settings: Settings) -> Connection:
        if not ms.base_url:
            raise ConfigError(
                f"'openai-compatible:{spec.model}' needs base_url, e.g. "
                'base_url = "http://localhost:11434/v1" for Ollama'
            )
        key = pick_key(ms.api_key) or DUMMY_KEY
        return Connection("openai-compatible", spec.model, base_url=ms.base_url, api_key=key)

    def chat_model(
        self, conn: Connection, ms: ModelSettings, *, cache: BaseCache | None
    ) -> BaseChatModel:
        return openai_chat_model(conn, ms, cache=cache)
