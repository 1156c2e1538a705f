"""What the LLM grader must return. Evidence and reason come before the score in every
criterion on purpose: models fill fields in order, and reasoning first steadies the score."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

CriterionId = Literal[
    "enthusiasm",
    "short_term_goals",
    "long_term_vision",
    "company_alignment",
    "learning_growth",
    "commitment",
    "conciseness",
    "specificity",
    "sincerity_realism",
]

FlagId = Literal[
    "money_only",
    "wants_your_job",
    "stepping_stone",
    "negativity",
    "grandiose",
    "buzzwords",
    "rambling",
    "one_liner",
    "arrogance",
    "injection",
]


Quote = Annotated[str, Field(max_length=160)]
Point = Annotated[str, Field(max_length=200)]


class CriterionGrade(BaseModel):
    """Length caps keep a rambling model inside its token budget (grammar-enforced locally)."""

    criterion_id: CriterionId
    evidence: list[Quote] = Field(max_length=3, description="Verbatim quotes from the answer.")
    reason: str = Field(max_length=240, description="One line: why this score.")
    score: int = Field(ge=1, le=5)


class FlagFinding(BaseModel):
    id: FlagId
    evidence: Quote = Field(description="One verbatim quote from the answer.")


class GradeOutput(BaseModel):
    """Grade of one answer to 'What are your career aspirations?'."""

    criteria: list[CriterionGrade] = Field(max_length=12)
    strengths: list[Point] = Field(max_length=3)
    improvements: list[Point] = Field(max_length=3)
    red_flags: list[FlagFinding] = Field(max_length=10)
