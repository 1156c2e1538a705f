"""The interview as a state machine that the terminal, the chat and the voice mode all drive.

States (`Phase`): answering -> grading -> graded, or -> failed when the grader could not score
for a reason a retry may fix. Events are the methods that take the person's input (`answer`,
`feedback_now`, `graded`, `retry_grade`, `try_again`); each returns the next `Step` the
front-end runs (stream a follow-up, stream the closing, grade) so front-ends only render and
collect input. The rules, one place for every front-end:

- an answer is followed up while the planner names a target and the budget allows;
- a *first* answer with a problem (too short, not English...) is graded at once, with no
  closing: the person learns why it cannot be scored instead of hearing a polite close;
- otherwise the interviewer closes (once), then the whole answer is graded;
- an interviewer that fails goes on offline with a notice (`turns.py`): its lines only ask the
  questions, and the person is never left without one; a grader that fails with a retryable
  problem moves to `failed`, where the person chooses Retry or (for a failure retrying cannot
  fix) Continue offline.

Every interviewer message is streamed and recorded as a turn when it completes, so a failure
mid-stream never leaves a half message in the transcript, and the candidate's text is recorded
before anything that can fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from .engine import Grader, Interviewer, InterviewState, Planner
from .llm_errors import UNFIXABLE
from .models import (
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


RETRYABLE = frozenset({"provider_error", "invalid_output"})
SCORING_TITLE = "Scoring each criterion ..."


def offers_offline(failure: BaseException | GradeReport | Unscored) -> bool:
    """True for a failure that retrying cannot fix (bad key, unknown model): the person is
    offered to go on with the offline engine."""
    if isinstance(failure, Unscored):
        return failure.reason_code == "provider_error" and failure.error_kind in UNFIXABLE
    if isinstance(failure, GradeReport):
        return False
    return getattr(failure, "kind", None) in UNFIXABLE


class Phase(StrEnum):
    answering = "answering"
    grading = "grading"
    graded = "graded"
    failed = "failed"


@dataclass(frozen=True)
class Step:
    """What the front-end does next: `refuse` (nothing kept or nothing to grade; show `why`),
    `followup` (stream `session.followup(target)`), `close` (stream the closing, then grade) or
    `grade`."""

    kind: Literal["refuse", "followup", "close", "grade"]
    target: str = ""
    why: str = ""


NO_ANSWER_YET = "Answer the question first; then I can give you feedback."


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
    outcomes: list[GradeReport | Unscored] = field(default_factory=list)  # graded, oldest first
    user: str = "local"  # whose history the front-end saves this interview to
    phase: Phase = Phase.answering

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

    # ---- events -------------------------------------------------------------------------------

    def submit(self, text: str, spoken: SpokenAnswer | None = None) -> tuple[AnswerReceipt, Step]:
        """The person answered: keep it (unless empty), then follow up, close or grade."""
        first = not self.state.candidate_turns
        receipt = self.answer(text, spoken)
        if not receipt.kept:
            assert receipt.problem is not None
            return receipt, Step("refuse", why=f"{receipt.problem.message} {receipt.problem.hint}")
        if first and receipt.problem is not None:
            return receipt, self._to_grading(Step("grade"))
        target = self.next_followup_target()
        if target is not None:
            return receipt, Step("followup", target=target)
        return receipt, self.feedback_now()

    def feedback_now(self) -> Step:
        """The person asked for feedback (or the follow-ups are done): close once, then grade."""
        if self.phase != Phase.answering:
            return Step("refuse")
        if not self.state.candidate_turns:
            return Step("refuse", why=NO_ANSWER_YET)
        closed = any(t.kind == "closing" for t in self.state.turns)
        return self._to_grading(Step("grade" if closed else "close"))

    def grade_saved(self) -> Step:
        """A saved answer (restored turns) is graded as it stands: no closing is asked for."""
        if not self.state.candidate_turns:
            return Step("refuse", why=NO_ANSWER_YET)
        return self._to_grading(Step("grade"))

    def _to_grading(self, step: Step) -> Step:
        self.phase = Phase.grading
        return step

    def graded(self, outcome: GradeReport | Unscored) -> Phase:
        """The grader answered: `failed` when a retry may help, else `graded`."""
        retryable = isinstance(outcome, Unscored) and outcome.reason_code in RETRYABLE
        self.phase = Phase.failed if retryable else Phase.graded
        return self.phase

    def grade_crashed(self) -> None:
        self.phase = Phase.failed

    def retry_grade(self) -> Step:
        if self.phase != Phase.failed:
            return Step("refuse")
        return self._to_grading(Step("grade"))

    # ---- the parts ---------------------------------------------------------------------------

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
        """Grade the whole answer so far and remember the outcome (for "score change")."""
        outcome = await self.grader.grade(self.state.answer, self.state.context)
        self._attach_interviewer_usage(outcome)
        self.outcomes.append(outcome)
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
        scored = [o for o in self.outcomes[:-1] if isinstance(o, GradeReport)]
        return scored[-1] if scored else None

    def try_again(self) -> None:
        """Re-answer the same question: keep the context and the question, drop the answers."""
        question = next((t for t in self.state.turns if t.kind == "question"), None)
        self.state.turns = [question] if question else []
        self.phase = Phase.answering
