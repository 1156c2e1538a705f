"""The seams every engine plugs into: a Grader and an Interviewer.

The offline engine, the LLM chains and test doubles all implement these; the session, the CLI,
the chat and the eval runner depend only on them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from .config import Style
from .models import EngineInfo, GradeReport, InterviewContext, Speaker, Turn, Unscored


class InterviewState(BaseModel):
    """The conversation so far, a plain object shared by the chat, the CLI and the engines."""

    context: InterviewContext = Field(default_factory=InterviewContext)
    style: Style = "friendly"
    max_followups: int = Field(2, ge=0, le=3)
    seed: int | None = None
    turns: list[Turn] = Field(default_factory=list)

    @property
    def candidate_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == Speaker.candidate]

    @property
    def followups_asked(self) -> int:
        return sum(1 for t in self.turns if t.kind == "followup")

    @property
    def targeted(self) -> list[str]:
        """Criteria already probed by a follow-up, so we do not ask about the same gap twice."""
        return [t.target_criterion for t in self.turns if t.target_criterion]

    @property
    def answer(self) -> str:
        """The full answer to grade: the first answer plus every follow-up answer, in order."""
        return "\n\n".join(t.text.strip() for t in self.candidate_turns if t.text.strip())


@runtime_checkable
class Grader(Protocol):
    @property
    def info(self) -> EngineInfo: ...

    async def grade(self, answer: str, context: InterviewContext) -> GradeReport | Unscored:
        """Grade one answer. Never raises for bad input or provider failure: returns Unscored."""
        ...


@runtime_checkable
class Interviewer(Protocol):
    @property
    def info(self) -> EngineInfo: ...

    def opening(self, state: InterviewState) -> AsyncIterator[str]:
        """Greeting and the question, tailored to the context, as streamed text chunks."""
        ...

    def followup(self, state: InterviewState, target: str) -> AsyncIterator[str]:
        """A natural follow-up aimed at criterion `target` (a rubric id)."""
        ...

    def closing(self, state: InterviewState) -> AsyncIterator[str]:
        """A polite close before the feedback."""
        ...


Planner = Callable[[InterviewState], str | None]
"""Picks the criterion the next follow-up probes, or None when it is time for feedback."""
