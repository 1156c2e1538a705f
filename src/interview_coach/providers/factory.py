"""`build_chat_model`: one factory keyed by the `provider:model` string."""

from __future__ import annotations

from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel

from ..config import ConfigError, ModelSettings, Settings
from .anthropic_provider import AnthropicProvider
from .base import Connection, Provider
from .local_provider import LocalProvider
from .openai_provider import OpenAICompatibleProvider, OpenAIProvider
from .spec import ModelSpec, parse_model_string

PROVIDERS: dict[str, Provider] = {
    p.name: p
    for p in (OpenAIProvider(), OpenAICompatibleProvider(), AnthropicProvider(), LocalProvider())
}


def connect(model_settings: ModelSettings, settings: Settings) -> tuple[Provider, Connection]:
    spec: ModelSpec = parse_model_string(model_settings.model)
    if spec.provider == "offline":
        raise ConfigError("'offline' is not a chat model; use the offline engine instead")
    provider = PROVIDERS[spec.provider]
    return provider, provider.connect(spec, model_settings, settings)


def build_chat_model(
    model_settings: ModelSettings, settings: Settings, *, cache: BaseCache | None = None
) -> BaseChatModel:
    """Build the chat model; raises MissingKeyError / MissingDependencyError / ModelFileError
    (all LLMError) or ConfigError, each with a message a person can act on."""
    provider, conn = connect(model_settings, settings)
    return provider.chat_model(conn, model_settings, cache=cache)
