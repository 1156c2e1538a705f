"""The offline engine's identity: one `EngineInfo` per mode, shared by its grader, interviewer,
planner and every caller that names the engine before building it."""

from __future__ import annotations

from ..models import EngineInfo

SEMANTIC = EngineInfo(engine="offline", provider="offline", model="semantic-v1")
RULES = EngineInfo(engine="offline", provider="offline", model="rules-v1")
RULES_MODE = "rules"


def offline_info(mode: str = "") -> EngineInfo:
    """`offline` is the semantic engine; `offline:rules` (mode "rules") the rules-only baseline."""
    return RULES if mode == RULES_MODE else SEMANTIC
