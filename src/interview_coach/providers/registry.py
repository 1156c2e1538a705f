"""The one list of model providers, keyed by the name a `provider:model` string starts with."""

from __future__ import annotations

from .anthropic_provider import AnthropicProvider
from .base import Provider
from .local_provider import LocalProvider
from .openai_provider import OpenAICompatibleProvider, OpenAIProvider

PROVIDERS: dict[str, Provider] = {
    p.name: p
    for p in (OpenAIProvider(), OpenAICompatibleProvider(), AnthropicProvider(), LocalProvider())
}
OFFLINE = "offline"
"""Not a provider: the name that selects the offline engine instead of a chat model."""
