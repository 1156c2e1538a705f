"""A provider is the thin part (who to call, with which key, at which URL); the model adapter
(ChatOpenAI, ChatAnthropic) is built from it. Providers never print their key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from ..config import ModelSettings, Settings

if TYPE_CHECKING:
    from .spec import ModelSpec


@dataclass(frozen=True)
class Connection:
    """Everything needed to reach one model. The key is a SecretStr: repr shows '**********'."""

    provider: str
    model: str
    base_url: str | None = None
    api_key: SecretStr | None = field(default=None, repr=True)


class Provider(Protocol):
    name: str

    def connect(self, spec: ModelSpec, ms: ModelSettings, settings: Settings) -> Connection:
        """Resolve key and base URL; raise an LLMError subclass when something is missing."""
        ...

    def chat_model(
        self, conn: Connection, ms: ModelSettings, *, cache: BaseCache | None
    ) -> BaseChatModel:
        """Build the langchain chat model for a resolved connection."""
        ...


def pick_key(*candidates: SecretStr | None) -> SecretStr | None:
    for key in candidates:
        if key is not None and key.get_secret_value().strip():
            return key
    return None
