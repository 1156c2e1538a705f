"""`anthropic:<model>`, behind the optional extra `anthropic` (langchain-anthropic)."""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel

from ..config import ModelSettings, Settings
from ..llm_errors import MissingDependencyError, MissingKeyError
from .base import Connection, pick_key

if TYPE_CHECKING:
    from .spec import ModelSpec


class AnthropicProvider:
    name = "anthropic"

    def connect(self, spec: ModelSpec, ms: ModelSettings, settings: Settings) -> Connection:
        if find_spec("langchain_anthropic") is None:
            raise MissingDependencyError("anthropic", "anthropic", "langchain-anthropic")
        key = pick_key(ms.api_key, settings.anthropic_api_key)
        if key is None:
            raise MissingKeyError("anthropic", "ANTHROPIC_API_KEY")
        return Connection("anthropic", spec.model, base_url=ms.base_url, api_key=key)

    def chat_model(
        self, conn: Connection, ms: ModelSettings, *, cache: BaseCache | None
    ) -> BaseChatModel:
        from langchain_anthropic import ChatAnthropic

        kwargs: dict[str, Any] = {
            "model": conn.model,
            "api_key": conn.api_key,
            "temperature": ms.temperature,
            "timeout": ms.budget_s,
            "max_retries": ms.max_retries,
            "cache": cache,
        }
        if conn.base_url:
            kwargs["base_url"] = conn.base_url
        return ChatAnthropic(**kwargs)
