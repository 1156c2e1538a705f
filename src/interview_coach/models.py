"""Domain models shared by every engine, the UI, the CLI and the eval runner.

Kept free of provider, chain and UI code so that every layer speaks the same language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .voice.models import SpokenAnswer


class Seniority(StrEnum):
    intern = "intern"
    junior = "junior"
    mid = "mid"
    senior = "senior"
    lead = "lead"


class Band(StrEnum):
    strong = "strong"
    solid = "solid"
    developing = "developing"
    weak = "weak"


class InterviewContext(BaseModel):
    """What the candidate tells us about the job; every field is optional."""

    model_config = ConfigDict(str_strip_whitespace=True)

    role: str = Field("", max_length=120)
    company: str = Field("", max_length=120)
    company_blurb: str = Field("", max_length=600)
    seniority: Seniority = Seniority.mid

    @property
    def role_or_default(self) -> str:
        return self.role or "this role"

    @property
    def company_or_default(self) -> str:
        return self.company or "the company"

    def proper_text(self) -> str:
        """Everything the candidate supplied, for checks that a rewrite adds no new facts."""
        return " ".join([self.role, self.company, self.company_blurb])


class Speaker(StrEnum):
    interviewer = "interviewer"
    candidate = "candidate"


TurnKind = Literal["greeting", "question", "followup", "answer", "closing", "notice"]


class Turn(BaseModel):
    speaker: Speaker
    kind: TurnKind
    text: str
    target_criterion: str | None = None
    spoken: SpokenAnswer | None = Field(
        None, description="Set when the candidate spoke this answer: transcript and delivery."
    )
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class CriterionScore(BaseModel):
    """One criterion's grade. Evidence and reason come before the score on purpose:
    LLM graders fill fields in order, and reasoning first gives steadier scores."""

    criterion_id: str
    evidence: list[str] = Field(
        default_factory=list, description="Verbatim quotes from the answer."
    )
    reason: str = Field(description="One line: why this score.")
    score: int = Field(ge=1, le=5)


class RedFlag(BaseModel):
    """Something hiring managers dislike, found in the answer."""

    id: str
    label: str
    evidence: str = ""
    advice: str = ""


class ReportWarning(BaseModel):
    code: str
    message: str


class CallUsage(BaseModel):
    purpose: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    cached: bool = False


class Usage(BaseModel):
    calls: list[CallUsage] = Field(default_factory=list)

    @property
    def input_tokens(self) -> int:
        return sum(c.input_tokens for c in self.calls)

    @property
    def output_tokens(self) -> int:
        return sum(c.output_tokens for c in self.calls)

    @property
    def latency_s(self) -> float:
        return sum(c.latency_s for c in self.calls)

    def add(self, call: CallUsage) -> None:
        self.calls.append(call)


class EngineInfo(BaseModel):
    """Which engine and model produced a message or a report."""

    engine: Literal["offline", "llm"]
    provider: str
    model: str

    @property
    def label(self) -> str:
        return "offline engine" if self.engine == "offline" else f"{self.provider}:{self.model}"


class GradeReport(BaseModel):
    status: Literal["scored"] = "scored"
    rubric_version: str
    criteria: list[CriterionScore]
    overall: int = Field(ge=0, le=100)
    band: Band
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    rewrite: str = ""
    flags: list[RedFlag] = Field(default_factory=list)
    warnings: list[ReportWarning] = Field(default_factory=list)
    engine: EngineInfo
    usage: Usage = Field(default_factory=Usage)
    word_count: int = 0

    def score_of(self, criterion_id: str) -> int:
        for c in self.criteria:
            if c.criterion_id == criterion_id:
                return c.score
        raise KeyError(criterion_id)

    @property
    def scores(self) -> dict[str, int]:
        return {c.criterion_id: c.score for c in self.criteria}


UnscoredReason = Literal[
    "empty",
    "too_long",
    "binary",
    "non_english",
    "gibberish",
    "provider_error",
    "invalid_output",
    "no_speech",
    "audio_too_short",
    "audio_too_long",
]


class Unscored(BaseModel):
    """An answer we could not grade. We never invent a score: we say why and what to do."""

    status: Literal["unscored"] = "unscored"
    reason_code: UnscoredReason
    reason: str
    hint: str
    error_kind: str | None = Field(
        None, description="For a provider error, its cause (auth, rate_limit, timeout, ...)."
    )
    warnings: list[ReportWarning] = Field(default_factory=list)
    engine: EngineInfo
    usage: Usage = Field(default_factory=Usage)


GradeOutcome = Annotated[GradeReport | Unscored, Field(discriminator="status")]
