"""Model providers behind one factory keyed by the `provider:model` string.

A provider is thin (auth, client, base URL); the langchain chat model is the adapter.
"""

from .base import Connection, Provider
from .engines import build_grader, build_interviewer, engine_info, fallback_notice
from .factory import PROVIDERS, build_chat_model, connect
from .local_provider import LocalServer, start_local_server
from .spec import PROVIDER_NAMES, ModelSpec, parse_model_string

__all__ = [
    "PROVIDERS",
    "PROVIDER_NAMES",
    "Connection",
    "LocalServer",
    "ModelSpec",
    "Provider",
    "build_chat_model",
    "build_grader",
    "build_interviewer",
    "connect",
    "engine_info",
    "fallback_notice",
    "parse_model_string",
    "start_local_server",
]
