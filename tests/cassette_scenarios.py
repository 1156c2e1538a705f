"""Scenarios run for real by scripts/record_cassettes.py and replayed by tests/test_cassettes.py.

Both sides call the same functions with the same inputs, so the requests match the recording.
Each scenario returns what our code produced (a report, streamed text, or the LLMError).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from interview_coach.chains import LLMGrader, LLMInterviewer
from interview_coach.chains.rewrite import Rewriter
from interview_coach.config import ModelSettings, Settings
from interview_coach.engine import InterviewState
from interview_coach.engine_factory import engine_info
from interview_coach.llm_errors import LLMError
from interview_coach.models import InterviewContext, Speaker, Turn, Usage
from interview_coach.providers import build_chat_model

CONTEXT = InterviewContext(
    role="Backend engineer",
    company="Acme Payments",
    company_blurb="Acme Payments makes card payments simple and reliable for small shops.",
)
ANSWER = (
    "Thank you for having me, I'm really excited about this backend role at Acme Payments. "
    "In the next year I want to get to know the payments API inside out and take on-call "
    "shifts. Longer term I'd like to lead a small team. I like that you help small shops, "
    "and I want to keep learning from senior engineers. I'm committed to making the "
    "platform more reliable for your customers."
)
LONG_TURN = "I have many plans for my career and I will describe each of them in detail. " * 800

Scenario = Callable[[str, str, str | None], Awaitable[Any]]


def model_settings(model: str, base_url: str, api_key: str | None, **kw: Any) -> ModelSettings:
    provider = "openai" if api_key and "api.openai.com" in base_url else "openai-compatible"
    return ModelSettings(
        model=f"{provider}:{model}",
        base_url=base_url,
        api_key=api_key,
        temperature=0.0,
        max_retries=0,
        timeout=600,
        **kw,
    )


def _chat(model: str, base_url: str, api_key: str | None, max_tokens: int | None = None) -> Any:
    ms = model_settings(model, base_url, api_key)
    chat = build_chat_model(ms, Settings(grader=ms))
    if max_tokens is not None:
        chat = chat.model_copy(update={"max_tokens": max_tokens})
    return chat, engine_info(ms)


async def streamed_opening(model: str, base_url: str, api_key: str | None) -> list[str]:
    chat, info = _chat(model, base_url, api_key, max_tokens=120)
    state = InterviewState(context=CONTEXT, style="friendly")
    return [chunk async for chunk in LLMInterviewer(chat, info).opening(state)]


async def plain_rewrite(model: str, base_url: str, api_key: str | None) -> tuple[str, Any, Usage]:
    chat, info = _chat(model, base_url, api_key, max_tokens=400)
    usage = Usage()
    text, warnings = await Rewriter(chat, info.model).rewrite(
        ANSWER, CONTEXT, ["Name one concrete skill you want to build."], usage
    )
    return text, warnings, usage


async def structured_grade(model: str, base_url: str, api_key: str | None) -> Any:
    """A full grade with json_schema; a model as small as SmolLM2-135M cannot produce a valid
    one, so its recording exercises the repair step and the Unscored outcome."""
    chat, info = _chat(model, base_url, api_key, max_tokens=2200)
    return await LLMGrader(chat, info, with_rewrite=False).grade(ANSWER, CONTEXT)


async def repair_after_truncation(model: str, base_url: str, api_key: str | None) -> Any:
    """A reply cut off at 40 tokens is invalid JSON: the grader sends the error back once."""
    chat, info = _chat(model, base_url, api_key, max_tokens=40)
    return await LLMGrader(chat, info, with_rewrite=False).grade(ANSWER, CONTEXT)


async def error_not_found(model: str, base_url: str, api_key: str | None) -> LLMError | None:
    """A wrong base_url: the real server answers 404 for a route it does not have."""
    chat, info = _chat(model, base_url.rstrip("/") + "/no-such-route", api_key, max_tokens=20)
    try:
        await chat.ainvoke("Hello")
    except Exception as exc:  # the raw SDK error, translated the way the chains do
        from interview_coach.llm_errors import translate

        return translate(exc, info.model)
    return None


async def error_context_too_long(model: str, base_url: str, api_key: str | None) -> Any:
    """A conversation longer than the context window: the interviewer raises an LLMError."""
    chat, info = _chat(model, base_url, api_key, max_tokens=20)
    state = InterviewState(context=CONTEXT)
    state.turns.append(Turn(speaker=Speaker.candidate, kind="answer", text=LONG_TURN))
    try:
        return [chunk async for chunk in LLMInterviewer(chat, info).closing(state)]
    except LLMError as exc:
        return exc


SCENARIOS: dict[str, Scenario] = {
    "streamed_opening": streamed_opening,
    "plain_rewrite": plain_rewrite,
    "structured_grade": structured_grade,
    "repair_after_truncation": repair_after_truncation,
    "error_not_found": error_not_found,
    "error_context_too_long": error_context_too_long,
}
