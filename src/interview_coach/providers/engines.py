"""Pick the engine for each part: the LLM chains when a model is configured and reachable to
build, else the offline engine with a notice saying why. A missing key never crashes the app."""

from __future__ import annotations

from typing import Any

from langchain_core.caches import BaseCache

from ..config import ModelSettings, Settings
from ..engine import Grader, Interviewer
from ..llm_errors import LLMError
from ..models import EngineInfo
from .factory import build_chat_model
from .spec import RULES_ONLY, parse_model_string


def engine_info(model_settings: ModelSettings) -> EngineInfo:
    spec = parse_model_string(model_settings.model)
    if spec.provider == "offline":
        return EngineInfo(engine="offline", provider="offline", model="offline")
    return EngineInfo(engine="llm", provider=spec.provider, model=spec.model)


def fallback_notice(error: LLMError) -> str:
    return f"Falling back to the offline engine: {error.user_message} {error.hint}".strip()


def _offline(kind: str, settings: Settings) -> Any:
    """The offline engine, imported lazily (it has no model dependencies)."""
    from ..offline import OfflineGrader, OfflineInterviewer

    if kind == "grader":
        rules_only = parse_model_string(settings.grader.model).model == RULES_ONLY
        return OfflineGrader(semantic=not rules_only)
    return OfflineInterviewer(seed=settings.seed)


def build_grader(
    settings: Settings, *, with_rewrite: bool = True, cache: BaseCache | None = None
) -> tuple[Grader, list[str]]:
    """(grader, notices). ConfigError (e.g. an unknown provider) still propagates."""
    if parse_model_string(settings.grader.model).provider == "offline":
        return _offline("grader", settings), []
    try:
        chat_model = build_chat_model(settings.grader, settings, cache=cache)
    except LLMError as exc:
        return _offline("grader", settings), [fallback_notice(exc)]
    from ..chains import LLMGrader

    grader = LLMGrader(
        chat_model,
        engine_info(settings.grader),
        with_rewrite=with_rewrite,
        budget_s=settings.grader.budget_s,
        rewrite_max_tokens=settings.grader.reply_cap("grader"),
    )
    return grader, []


def build_interviewer(
    settings: Settings, *, cache: BaseCache | None = None
) -> tuple[Interviewer, list[str]]:
    if parse_model_string(settings.interviewer.model).provider == "offline":
        return _offline("interviewer", settings), []
    try:
        chat_model = build_chat_model(settings.interviewer, settings, cache=cache)
    except LLMError as exc:
        return _offline("interviewer", settings), [fallback_notice(exc)]
    from ..chains import LLMInterviewer

    interviewer = LLMInterviewer(
        chat_model,
        engine_info(settings.interviewer),
        budget_s=settings.interviewer.budget_s,
        max_tokens=settings.interviewer.reply_cap("interviewer"),
    )
    return interviewer, []
