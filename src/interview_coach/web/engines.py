"""The chat's engine factory: the one shared factory, under the name the chat app passes on."""

from __future__ import annotations

from ..engine_factory import build_engines

__all__ = ["build_engines"]
