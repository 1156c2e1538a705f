"""Parse the `provider:model` string that names a model, with a did-you-mean for typos."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Protocol

from ..config import ConfigError
from .registry import OFFLINE, PROVIDERS

RULES_ONLY = "rules"
PROVIDER_NAMES: tuple[str, ...] = (*PROVIDERS, OFFLINE)

_EXAMPLES = (
    "'openai:gpt-4o-mini', 'openai-compatible:llama3.1' (with base_url), "
    "'anthropic:claude-3-5-haiku-latest', 'local:/path/to/model.gguf' or 'offline'"
)


class ModelSettingsLike(Protocol):
    model: str
    base_url: str | None


@dataclass(frozen=True)
class ModelSpec:
    provider: str
    model: str

    def __str__(self) -> str:
        if self.provider == "offline":
            return f"offline:{self.model}" if self.model else "offline"
        return f"{self.provider}:{self.model}"


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
        # 'offline:rules' is the rules-only engine, the baseline the semantic layer is measured on.
        return ModelSpec("offline", "rules" if model.lower() == RULES_ONLY else "")
    if not sep or not model:
        raise ConfigError(
            f"'{text}' names no model; write it as 'provider:model', e.g. {_EXAMPLES}"
        )
    return ModelSpec(provider, model)


def check_model_settings(parts: dict[str, ModelSettingsLike]) -> None:
    """Fail early, with the part named, on a model string or base URL that cannot work.

    Used where nothing is built yet (`web` before it starts the server, `config`), so a typo
    is a one-line error at the command line instead of a broken chat later.
    """
    for part, settings in parts.items():
        try:
            spec = parse_model_string(settings.model)
        except ConfigError as exc:
            raise ConfigError(f"{part}.model: {exc}") from None
        if spec.provider == "openai-compatible" and not settings.base_url:
            raise ConfigError(
                f"{part}.model '{spec}' needs a base_url, e.g. http://localhost:11434/v1 "
                "for Ollama (set it in the [" + part + "] table or with --base-url)"
            )
