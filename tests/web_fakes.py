"""Stand-ins for the web tests: a scripted interviewer, a grader scoring by answer length, a
recording chat UI. Nothing here imports Chainlit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from interview_coach.engine import InterviewState
from interview_coach.llm_errors import LLMError
from interview_coach.models import (
    CriterionScore,
    EngineInfo,
    GradeReport,
    InterviewContext,
    RedFlag,
    Unscored,
)
from interview_coach.rubric import CRITERION_IDS, default_rubric
from interview_coach.validation import check_answer
from interview_coach.web.chat_ui import Button, Download, Engines
from interview_coach.web.scorecard import Chart

OFFLINE = EngineInfo(engine="offline", provider="offline", model="offline")


def make_report(scores: dict[str, int], answer: str = "", rewrite: str = "") -> GradeReport:
    rubric = default_rubric()
    overall = rubric.overall(scores)
    return GradeReport(
        rubric_version=rubric.version,
        criteria=[
            CriterionScore(
                criterion_id=c,
                evidence=[answer.split(".")[0]] if answer else [],
                reason=f"reason for {c}",
                score=scores[c],
            )
            for c in CRITERION_IDS
        ],
        overall=overall,
        band=rubric.band(overall),
        strengths=["You name the role."],
        improvements=["Tie your goals to the company."],
        rewrite=rewrite,
        flags=[RedFlag(id="vague", label="Vague goals", advice="Name a skill.")],
        engine=OFFLINE,
        word_count=len(answer.split()),
    )


class ScriptedInterviewer:
    info = OFFLINE

    def __init__(self) -> None:
        self.fail_next: str | None = None

    async def _words(self, kind: str, text: str) -> AsyncIterator[str]:
        for i, word in enumerate(text.split(" ")):
            if self.fail_next == kind and i == 2:
                self.fail_next = None
                raise LLMError("timeout", "The model did not answer in time.", "Try again.")
            yield word + " "

    def opening(self, state: InterviewState) -> AsyncIterator[str]:
        company = state.context.company_or_default
        return self._words(
            "opening", f"Hello and welcome to {company}! What are your career aspirations?"
        )

    def followup(self, state: InterviewState, target: str) -> AsyncIterator[str]:
        return self._words("followup", f"Could you say more about your {target}?")

    def closing(self, state: InterviewState) -> AsyncIterator[str]:
        return self._words("closing", "Thank you, here is your feedback.")


class LengthGrader:
    """Scores by answer length (more words, higher scores); can fail like a provider."""

    info = OFFLINE

    def __init__(self) -> None:
        self.provider_failures = 0
        self.gate: asyncio.Event | None = None
        self.started = asyncio.Event()

    def slow(self) -> asyncio.Event:
        """Make grading wait until the returned event is set (a slow provider)."""
        self.gate = asyncio.Event()
        return self.gate

    async def grade(self, answer: str, context: InterviewContext) -> GradeReport | Unscored:
        self.started.set()
        if self.gate is not None:
            await self.gate.wait()
        problem = check_answer(answer)
        if problem is not None:
            return Unscored(
                reason_code=problem.code, reason=problem.message, hint=problem.hint, engine=OFFLINE
            )
        if self.provider_failures:
            self.provider_failures -= 1
            return Unscored(
                reason_code="provider_error",
                reason="The provider is rate-limiting requests.",
                hint="Wait a minute and try again.",
                engine=OFFLINE,
            )
        score = min(5, 1 + len(answer.split()) // 8)
        scores = {c: score for c in CRITERION_IDS}
        return make_report(scores, answer, rewrite="I am excited about [Company] and " + answer)


def first_untargeted(state: InterviewState) -> str | None:
    return next((c for c in CRITERION_IDS if c not in state.targeted), None)


@dataclass
class Shown:
    kind: str
    text: str
    buttons: list[Button] = field(default_factory=list)
    chart: Chart | None = None
    files: list[Download] = field(default_factory=list)

    @property
    def button_labels(self) -> list[str]:
        return [b.label for b in self.buttons]


class RecordingProgress:
    def __init__(self, shown: Shown) -> None:
        self.shown = shown

    async def update(self, text: str) -> None:
        self.shown.text += "\n" + text


class RecordingUI:
    """Keeps what the person would see, in order."""

    def __init__(self) -> None:
        self.shown: list[Shown] = []
        self.session: dict[str, Any] = {}

    async def say(self, text: str, buttons: Sequence[Button] = ()) -> None:
        self.shown.append(Shown("message", text, list(buttons)))

    async def stream(self, chunks: AsyncIterator[str], buttons: Sequence[Button] = ()) -> str:
        parts = [chunk async for chunk in chunks]
        text = "".join(parts)
        self.shown.append(Shown("streamed", text, list(buttons)))
        return text

    @asynccontextmanager
    async def progress(self, title: str, by: str) -> AsyncIterator[RecordingProgress]:
        shown = Shown("step", f"{by}: {title}")
        self.shown.append(shown)
        yield RecordingProgress(shown)

    async def scorecard(
        self, summary: str, chart: Chart, details: str, buttons: Sequence[Button] = ()
    ) -> None:
        self.shown.append(Shown("scorecard", f"{summary}\n\n{details}", list(buttons), chart=chart))

    async def downloads(self, text: str, files: Sequence[Download]) -> None:
        self.shown.append(Shown("files", text, files=list(files)))

    async def engine(self, ai: bool) -> None:
        self.session["ai_engine"] = ai

    async def retire(self, button: Button) -> None:
        for shown in self.shown:
            shown.buttons = [b for b in shown.buttons if b.name != button.name]

    def remember(self, key: str, value: Any) -> None:
        self.session[key] = value

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.shown]

    def last(self, kind: str) -> Shown:
        return next(s for s in reversed(self.shown) if s.kind == kind)


@dataclass
class FakeEngines:
    interviewer: ScriptedInterviewer = field(default_factory=ScriptedInterviewer)
    grader: LengthGrader = field(default_factory=LengthGrader)
    notices: list[str] = field(default_factory=list)

    def __call__(self, settings: Any) -> Engines:
        return Engines(self.interviewer, self.grader, list(self.notices))


class RecordingVoiceUI(RecordingUI):
    """RecordingUI plus the candidate's own (transcribed) messages."""

    async def candidate(self, text: str) -> None:
        self.shown.append(Shown("candidate", text))
