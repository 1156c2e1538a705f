"""`build_chat_model`: the langchain chat model for a `provider:model` string, via its provider."""

from __future__ import annotations

from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel

from ..config import ConfigError, ModelSettings, Settings
from .base import Connection, Provider
from .registry import OFFLINE, PROVIDERS
from .spec import ModelSpec, parse_model_string


def connect(
    model_settings: ModelSettings, settings: Settings, spec: ModelSpec | None = None
) -> tuple[Provider, Connection]:
    spec = spec or parse_model_string(model_settings.model)
    if spec.provider == OFFLINE:
        raise ConfigError("'offline' is not a chat model; use the offline engine instead")
    provider = PROVIDERS[spec.provider]
    return provider, provider.connect(spec, model_settings, settings)


def build_chat_model(
    model_settings: ModelSettings,
    settings: Settings,
    *,
    cache: BaseCache | None = None,
    spec: ModelSpec | None = None,
) -> BaseChatModel:
    """Build the chat model (`spec`: the model string already parsed by the caller); raises
    MissingKeyError / MissingDependencyError / ModelFileError (all LLMError) or ConfigError,
    each with a message a person can act on."""
    provider, conn = connect(model_settings, settings, spec)
    return provider.chat_model(conn, model_settings, cache=cache)
