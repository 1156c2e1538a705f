"""What the chat says about its engines: the offline line (with the fix that applies), notices."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Settings
from ..models import EngineInfo

OFFLINE_LINE = "Practising offline: rule-based feedback, no AI model."
OFFLINE_NOTICE = f"{OFFLINE_LINE} Set OPENAI_API_KEY or configure a provider for AI feedback."
OFFLINE_CHOSEN = (
    f"{OFFLINE_LINE} The grader is set to the offline engine; choose a model "
    '(grader.model, e.g. "openai:gpt-4o-mini") for AI feedback.'
)


def offline_notice(settings: Settings, reasons: Sequence[str]) -> str:
    """The offline line with the fix that applies: the reasons already name the problem when a
    provider was configured but could not be used; the key is only asked for when it is unset."""
    if reasons:
        return OFFLINE_LINE
    return OFFLINE_NOTICE if settings.openai_api_key is None else OFFLINE_CHOSEN


def engine_notices(settings: Settings, grader: EngineInfo, notices: Sequence[str]) -> list[str]:
    """The offline line (when the grader is offline), then provider notices, deduplicated."""
    reasons = [n for n in notices if n]
    out: list[str] = []
    if grader.engine == "offline":
        out.append(offline_notice(settings, reasons))
    for notice in reasons:
        if notice not in out:
            out.append(notice)
    return out
