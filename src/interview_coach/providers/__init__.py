"""Model providers behind one factory keyed by the `provider:model` string.

A provider is thin (auth, client, base URL); the langchain chat model is the adapter. Engines
are built above this package, by `interview_coach.engine_factory`.
"""

from .base import Connection, Provider
from .factory import build_chat_model, connect
from .local_provider import LocalServer, start_local_server
from .registry import PROVIDERS
from .spec import PROVIDER_NAMES, ModelSpec, parse_model_string

__all__ = [
    "PROVIDERS",
    "PROVIDER_NAMES",
    "Connection",
    "LocalServer",
    "ModelSpec",
    "Provider",
    "build_chat_model",
    "connect",
    "parse_model_string",
    "start_local_server",
]
