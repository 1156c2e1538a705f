"""Parse the `provider:model` string that names a model, with a did-you-mean for typos."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..config import ConfigError

PROVIDER_NAMES: tuple[str, ...] = ("openai", "openai-compatible", "anthropic", "local", "offline")

_EXAMPLES = (
    "'openai:gpt-4o-mini', 'openai-compatible:llama3.1' (with base_url), "
    "'anthropic:claude-3-5-haiku-latest', 'local:/path/to/model.gguf' or 'offline'"
)


@dataclass(frozen=True)
class ModelSpec:
    provider: str
    model: str

    def __str__(self) -> str:
        return self.provider if self.provider == "offline" else f"{self.provider}:{self.model}"


def parse_model_string(value: str) -> ModelSpec:
    """Split `provider:model`; raise ConfigError naming the closest provider on a typo."""
    text = value.strip()
    provider, sep, model = text.partition(":")
    provider = provider.strip().lower()
    model = model.strip()
    if provider not in PROVIDER_NAMES:
        close = difflib.get_close_matches(provider, PROVIDER_NAMES, n=1, cutoff=0.6)
        hint = f", did you mean '{close[0]}'?" if close else f"; use one of {_EXAMPLES}"
        raise ConfigError(f"unknown provider '{provider}'{hint}")
    if provider == "offline":
        return ModelSpec("offline", "")
    if not sep or not model:
        raise ConfigError(
            f"'{text}' names no model; write it as 'provider:model', e.g. {_EXAMPLES}"
        )
    return ModelSpec(provider, model)
