"""Domain models for spoken answers: the transcript and its delivery report.

Free of faster-whisper, Chainlit and CLI code, so history, export and the scorecard can use them
without the voice extra installed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

MetricStatus = Literal["low", "ok", "high"]


class Word(BaseModel):
    """One recognised word with its time in the recording (seconds)."""

    text: str
    start: float
    end: float


class Transcript(BaseModel):
    """What the transcriber heard. `language` is the spoken language it detected (ISO code)."""

    text: str
    language: str
    language_probability: float = Field(ge=0.0, le=1.0)
    duration_s: float = Field(ge=0.0, description="Length of the recording.")
    words: list[Word] = Field(default_factory=list)
    model: str = ""


class Pause(BaseModel):
    """A silence between two words longer than the pause threshold."""

    at_s: float
    length_s: float
    after: str = Field("", description="The word spoken just before the pause.")


class DeliveryMetric(BaseModel):
    id: Literal["duration_s", "words_per_minute", "fillers_per_minute", "pauses", "hedges"]
    label: str
    value: float
    target: str
    status: MetricStatus
    tip: str


class DeliveryReport(BaseModel):
    """How the answer was spoken, separate from what it says (the content grade)."""

    metrics: list[DeliveryMetric]
    word_count: int
    speaking_s: float = Field(description="First word to last word, minus long pauses.")
    fillers: dict[str, int] = Field(default_factory=dict)
    hedges: dict[str, int] = Field(default_factory=dict)
    pauses: list[Pause] = Field(default_factory=list)

    def metric(self, metric_id: str) -> DeliveryMetric:
        return next(m for m in self.metrics if m.id == metric_id)


class SpokenAnswer(BaseModel):
    """Kept with the candidate's turn (and so in history): how a spoken answer was heard."""

    transcript: str
    language: str
    duration_s: float
    model: str = ""
    delivery: DeliveryReport | None = None
