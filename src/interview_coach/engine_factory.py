"""The one place engines are built: interviewer, grader and follow-up planner from `Settings`.

Every caller (practice, grade, the chat, evals, the Continue-offline recovery) gets its engines
here, so they all pick the same engine for the same settings and say the same thing about it.
A model that cannot be built (no key, a missing extra) falls back to the offline engine with a
notice, unless `strict` asks for the error instead (evals: numbers from another engine than
the one asked for would mislead). Each model string is parsed once per build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Settings
from .engine import Grader, Interviewer, Planner
from .llm_errors import LLMError
from .models import EngineInfo
from .offline.info import RULES_MODE, offline_info
from .providers.registry import OFFLINE
from .providers.spec import ModelSpec, parse_model_string

if TYPE_CHECKING:
    from langchain_core.caches import BaseCache
    from langchain_core.language_models import BaseChatModel

    from .config import ModelSettings

PLANNER_ROLE = (
    "picks each follow-up: the weakest criterion of the answer so far, as the offline grader "
    "scores it (no model call, whatever engine interviews and grades)"
)


@dataclass
class Engines:
    """What one interview runs on, and the notices to show the person about it."""

    interviewer: Interviewer
    grader: Grader
    notices: list[str] = field(default_factory=list)
    planner: Planner | None = None


def spec_info(spec: ModelSpec) -> EngineInfo:
    if spec.provider == OFFLINE:
        return offline_info(spec.model)
    return EngineInfo(engine="llm", provider=spec.provider, model=spec.model)


def engine_info(model_settings: ModelSettings) -> EngineInfo:
    """The engine a part's settings name (before anything is built or can fail)."""
    return spec_info(parse_model_string(model_settings.model))


def fallback_notice(error: LLMError) -> str:
    return f"Falling back to the offline engine: {error.user_message} {error.hint}".strip()


def offline_grader(mode: str = "") -> Grader:
    from .offline import OfflineGrader

    return OfflineGrader(semantic=mode != RULES_MODE)


def offline_interviewer(seed: int | None = None) -> Interviewer:
    from .offline import OfflineInterviewer

    return OfflineInterviewer(seed=seed)


def _chat_model(
    part: ModelSettings,
    settings: Settings,
    spec: ModelSpec,
    *,
    strict: bool,
    cache: BaseCache | None,
) -> tuple[BaseChatModel | None, list[str]]:
    """The part's chat model, or None and the notice saying why the offline engine plays it."""
    from .providers.factory import build_chat_model

    try:
        return build_chat_model(part, settings, cache=cache, spec=spec), []
    except LLMError as exc:
        if strict:
            raise
        return None, [fallback_notice(exc)]


def build_grader(
    settings: Settings,
    *,
    strict: bool = False,
    cache: BaseCache | None = None,
    with_rewrite: bool = True,
) -> tuple[Grader, list[str]]:
    """(grader, notices). ConfigError (e.g. an unknown provider) always propagates; an LLMError
    propagates only when `strict`."""
    spec = parse_model_string(settings.grader.model)
    if spec.provider == OFFLINE:
        return offline_grader(spec.model), []
    chat_model, notices = _chat_model(settings.grader, settings, spec, strict=strict, cache=cache)
    if chat_model is None:
        return offline_grader(), notices
    from .chains import LLMGrader

    grader = LLMGrader(
        chat_model,
        spec_info(spec),
        with_rewrite=with_rewrite,
        budget_s=settings.grader.budget_s,
        rewrite_max_tokens=settings.grader.reply_cap("grader"),
    )
    return grader, []


def build_interviewer(
    settings: Settings, *, strict: bool = False, cache: BaseCache | None = None
) -> tuple[Interviewer, list[str]]:
    part = settings.interviewer
    spec = parse_model_string(part.model)
    if spec.provider == OFFLINE:
        return offline_interviewer(settings.seed), []
    chat_model, notices = _chat_model(part, settings, spec, strict=strict, cache=cache)
    if chat_model is None:
        return offline_interviewer(settings.seed), notices
    from .chains import LLMInterviewer

    interviewer = LLMInterviewer(
        chat_model,
        spec_info(spec),
        budget_s=part.budget_s,
        max_tokens=part.reply_cap("interviewer"),
    )
    return interviewer, []


def _planner_mode(settings: Settings | None) -> str:
    """Rules-only when the grader is (`offline:rules`, chosen to skip the meaning layer), else
    the semantic offline grader."""
    if settings is None:
        return ""
    spec = parse_model_string(settings.grader.model)
    return spec.model if spec.provider == OFFLINE else ""


def planner_info(settings: Settings | None) -> EngineInfo:
    return offline_info(_planner_mode(settings))


def build_planner(settings: Settings | None = None) -> Planner:
    from .offline import OfflineGrader, pick_followup_target

    grader = OfflineGrader(semantic=_planner_mode(settings) != RULES_MODE)
    return lambda state: pick_followup_target(state, grader)


def build_engines(
    settings: Settings,
    *,
    strict: bool = False,
    cache: BaseCache | None = None,
    with_rewrite: bool = True,
) -> Engines:
    """Interviewer, grader and planner for one interview, with every notice (deduplicated)."""
    grader, grader_notices = build_grader(
        settings, strict=strict, cache=cache, with_rewrite=with_rewrite
    )
    interviewer, interviewer_notices = build_interviewer(settings, strict=strict, cache=cache)
    notices = list(dict.fromkeys([*grader_notices, *interviewer_notices]))
    return Engines(interviewer, grader, notices, build_planner(settings))


def describe(settings: Settings) -> dict[str, tuple[EngineInfo, str]]:
    """Each part's engine as the settings name it, with what the part does: for `config`."""
    return {
        "interviewer": (engine_info(settings.interviewer), "asks the question and follow-ups"),
        "grader": (engine_info(settings.grader), "scores the answer and writes the feedback"),
        "planner": (planner_info(settings), PLANNER_ROLE),
    }
