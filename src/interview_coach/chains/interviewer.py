"""The LLM interviewer: streams its turns token by token, in role, tailored to the context."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)

from ..engine import InterviewState
from ..llm_errors import error_for, translate
from ..models import EngineInfo, Speaker, Usage
from ..rubric import Rubric, default_rubric
from ..templates import load_yaml, render
from .usage import call_usage


def _system(state: InterviewState, instruction: str) -> SystemMessage:
    ctx = state.context
    styles: dict[str, str] = load_yaml("interviewer_styles.yaml")
    text = render(
        "interviewer_system.md",
        role=ctx.role_or_default,
        company=ctx.company_or_default,
        company_blurb=ctx.company_blurb,
        seniority=ctx.seniority.value,
        style_note=styles.get(state.style, styles["friendly"]),
    )
    return SystemMessage(f"{text}\n\n{instruction}")


def _history(state: InterviewState) -> list[BaseMessage]:
    """Turns as chat messages, consecutive turns of one speaker merged (some templates need it)."""
    messages: list[BaseMessage] = []
    for turn in state.turns:
        if turn.kind == "notice" or not turn.text.strip():
            continue
        cls = AIMessage if turn.speaker == Speaker.interviewer else HumanMessage
        if messages and isinstance(messages[-1], cls):
            messages[-1] = cls(f"{messages[-1].content}\n\n{turn.text.strip()}")
        else:
            messages.append(cls(turn.text.strip()))
    return messages


CHARS_PER_TOKEN_CAP = 8
"""About twice the characters `max_tokens` allows in English: only a runaway reply hits it."""


class LLMInterviewer:
    """Implements `engine.Interviewer`; raises `LLMError` for the UI edge to show."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        info: EngineInfo,
        *,
        rubric: Rubric | None = None,
        budget_s: float | None = None,
        max_tokens: int | None = None,
    ) -> None:
        self._model: Any = chat_model.bind(max_tokens=max_tokens) if max_tokens else chat_model
        self._budget_s = budget_s
        # A server that ignores max_tokens still cannot flood the chat: the turn ends here.
        self._max_chars = max_tokens * CHARS_PER_TOKEN_CAP if max_tokens else None
        self._info = info
        self._rubric = rubric or default_rubric()
        self.usage = Usage()
        """Tokens and latency of every interviewer call; the session moves them into the report,
        so the cost of a whole practice session can be computed."""

    @property
    def info(self) -> EngineInfo:
        return self._info

    def messages(self, state: InterviewState, instruction: str) -> list[BaseMessage]:
        history = _history(state)
        if not history or not isinstance(history[-1], HumanMessage):
            history.append(HumanMessage(render("interviewer_turn.md")))
        return [_system(state, instruction), *history]

    async def _stream(self, messages: list[BaseMessage], purpose: str) -> AsyncIterator[str]:
        """One turn within one deadline (`budget_s` of wall time from the request, retries
        included). When it passes, only the wait for the next chunk is cancelled, never the
        caller's own work between chunks (a generator cannot safely cancel its consumer)."""
        started = time.perf_counter()
        total: AIMessageChunk | None = None
        shown = 0
        stream = self._model.astream(messages)
        try:
            while True:
                left = (
                    None
                    if self._budget_s is None
                    else self._budget_s - (time.perf_counter() - started)
                )
                if left is not None and left <= 0:
                    raise error_for("timeout", self._info.model, f"{self._budget_s:g} s")
                try:
                    chunk = await asyncio.wait_for(anext(stream), left)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    raise error_for("timeout", self._info.model, f"{self._budget_s:g} s") from None
                total = chunk if total is None else total + chunk
                text = chunk.content if isinstance(chunk.content, str) else chunk.text
                if self._max_chars is not None:
                    text = text[: max(0, self._max_chars - shown)]
                if text:
                    shown += len(text)
                    yield text
                if self._max_chars is not None and shown >= self._max_chars:
                    break
        except Exception as exc:
            raise translate(exc, self._info.model) from exc
        finally:
            await stream.aclose()
            self.usage.add(
                call_usage(purpose, self._info.model, total, time.perf_counter() - started)
            )

    def opening(self, state: InterviewState) -> AsyncIterator[str]:
        ctx = state.context
        instruction = render(
            "interviewer_opening.md", role=ctx.role_or_default, company=ctx.company_or_default
        )
        return self._stream(self.messages(state, instruction), "interview:opening")

    def followup(self, state: InterviewState, target: str) -> AsyncIterator[str]:
        criterion = self._rubric.get(target)
        instruction = render(
            "followup.md",
            criterion_name=criterion.name.lower(),
            criterion_question=criterion.question,
        )
        return self._stream(self.messages(state, instruction), "interview:followup")

    def closing(self, state: InterviewState) -> AsyncIterator[str]:
        closing = render("interviewer_closing.md")
        return self._stream(self.messages(state, closing), "interview:closing")
