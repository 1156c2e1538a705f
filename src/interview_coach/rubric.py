"""The rubric, loaded from `prompts/rubric.yaml` (its only source), and the overall/band maths."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, model_validator

from .catalogue import CRITERION_IDS
from .models import Band, CriterionScore
from .resources import prompt_path

__all__ = ["CRITERION_IDS", "Criterion", "Rubric", "default_rubric", "load_rubric"]


class Criterion(BaseModel):
    id: str
    name: str
    kind: str = Field(pattern="^(step|quality)$")
    step: int | None = None
    weight: float = Field(gt=0)
    guide: str
    question: str
    descriptors: dict[int, str]

    @model_validator(mode="after")
    def _five_anchors(self) -> Criterion:
        if sorted(self.descriptors) != [1, 2, 3, 4, 5]:
            raise ValueError(f"criterion {self.id!r} needs descriptors for scores 1-5")
        return self


class BandRule(BaseModel):
    id: Band
    min_overall: int = Field(ge=0, le=100)
    label: str


class Rubric(BaseModel):
    version: str
    source: str
    criteria: list[Criterion]
    bands: list[BandRule]

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [c.id for c in self.criteria]
        if tuple(ids) != CRITERION_IDS:
            raise ValueError(f"rubric criteria must be {CRITERION_IDS}, got {tuple(ids)}")
        mins = [b.min_overall for b in self.bands]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise ValueError("bands must be ordered from the highest threshold down to 0")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def get(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def overall(self, scores: dict[str, int]) -> int:
        """Weighted mean of the 1-5 scores mapped to 0-100. Computed, never asked of a model."""
        missing = set(self.ids) - set(scores)
        if missing:
            raise ValueError(f"missing scores for {sorted(missing)}")
        total = sum(c.weight for c in self.criteria)
        value = sum(c.weight * (scores[c.id] - 1) / 4 for c in self.criteria) / total
        return round(100 * value)

    def band(self, overall: int) -> Band:
        for rule in self.bands:
            if overall >= rule.min_overall:
                return rule.id
        return Band.weak

    def band_label(self, band: Band) -> str:
        return next(b.label for b in self.bands if b.id == band)

    def overall_of(self, criteria: list[CriterionScore]) -> int:
        return self.overall({c.criterion_id: c.score for c in criteria})


def load_rubric(path: Path | None = None) -> Rubric:
    data = yaml.safe_load((path or prompt_path("rubric.yaml")).read_text(encoding="utf-8"))
    return Rubric.model_validate(data)


@cache
def default_rubric() -> Rubric:
    return load_rubric()
