"""The interview as plain Python: the chat UI and the terminal practice command both drive this.

Flow: `opening()` -> candidate `answer()` -> zero or more `followup()` rounds -> `closing()` ->
`grade()`. Every interviewer message is streamed and recorded as a turn when it completes, so a
failure mid-stream never leaves a half message in the transcript, and the candidate's text is
recorded before anything that can fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from .engine import Grader, Interviewer, InterviewState, Planner
from .models import (
    Attempt,
    GradeReport,
    Speaker,
    Turn,
    TurnKind,
    Unscored,
    Usage,
)
from .validation import InputProblem, check_answer
from .voice.models import SpokenAnswer


def default_planner() -> Planner:
    from .engine_factory import build_planner

    return build_planner()


@dataclass
class AnswerReceipt:
    """What happened to a submitted answer: kept (always, unless empty) and any problem with it."""

    kept: bool
    problem: InputProblem | None = None


@dataclass
class InterviewSession:
    interviewer: Interviewer
    grader: Grader
    state: InterviewState = field(default_factory=InterviewState)
    planner: Planner | None = None
    attempts: list[Attempt] = field(default_factory=list)
    user: str = "local"

    def __post_init__(self) -> None:
        if self.planner is None:
            self.planner = default_planner()

    async def _stream(
        self, chunks: AsyncIterator[str], kind: TurnKind, target: str | None = None
    ) -> AsyncIterator[str]:
        parts: list[str] = []
        async for chunk in chunks:
            parts.append(chunk)
            yield chunk
        self.state.turns.append(
            Turn(
                speaker=Speaker.interviewer,
                kind=kind,
                text="".join(parts).strip(),
                target_criterion=target,
            )
        )

    def opening(self) -> AsyncIterator[str]:
        return self._stream(self.interviewer.opening(self.state), "question")

    def answer(self, text: str, spoken: SpokenAnswer | None = None) -> AnswerReceipt:
        """Record the candidate's answer (with how it was spoken, for a voice answer). Only an
        empty answer is not kept: nothing to keep."""
        problem = check_answer(text)
        if problem is not None and problem.code == "empty":
            return AnswerReceipt(kept=False, problem=problem)
        self.state.turns.append(
            Turn(speaker=Speaker.candidate, kind="answer", text=text, spoken=spoken)
        )
        return AnswerReceipt(kept=True, problem=problem)

    @property
    def answer_text(self) -> str:
        return self.state.answer

    def next_followup_target(self) -> str | None:
        """The criterion to probe next, or None when it is time for feedback."""
        if self.state.followups_asked >= self.state.max_followups:
            return None
        if check_answer(self.state.answer) is not None:
            return None
        assert self.planner is not None
        return self.planner(self.state)

    def followup(self, target: str) -> AsyncIterator[str]:
        return self._stream(self.interviewer.followup(self.state, target), "followup", target)

    def closing(self) -> AsyncIterator[str]:
        return self._stream(self.interviewer.closing(self.state), "closing")

    async def grade(self) -> GradeReport | Unscored:
        """Grade the whole answer so far and remember it as an attempt."""
        outcome = await self.grader.grade(self.state.answer, self.state.context)
        self._attach_interviewer_usage(outcome)
        self.attempts.append(
            Attempt(
                user=self.user,
                context=self.state.context,
                transcript=list(self.state.turns),
                answer=self.state.answer,
                outcome=outcome,
            )
        )
        return outcome

    def _attach_interviewer_usage(self, outcome: GradeReport | Unscored) -> None:
        """Put the interviewer's calls since the last grading in front of the grader's, so one
        report carries the cost of the whole session. Engines without accounting are skipped."""
        usage = getattr(self.interviewer, "usage", None)
        if isinstance(usage, Usage) and usage.calls:
            outcome.usage.calls[:0] = usage.calls
            usage.calls = []

    def previous_scored(self) -> GradeReport | None:
        """The latest scored attempt before the current one, for 'score change' messages."""
        scored = [a.outcome for a in self.attempts[:-1] if isinstance(a.outcome, GradeReport)]
        return scored[-1] if scored else None

    def try_again(self) -> None:
        """Re-answer the same question: keep the context and the question, drop the answers."""
        question = next((t for t in self.state.turns if t.kind == "question"), None)
        self.state.turns = [question] if question else []
