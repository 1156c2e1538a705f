"""Test doubles shared by the eval tests: a grader that answers from the labels, and suite files."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

from interview_coach.models import (
    CallUsage,
    CriterionScore,
    EngineInfo,
    GradeReport,
    InterviewContext,
    RedFlag,
    ReportWarning,
    Unscored,
    Usage,
)
from interview_coach.rubric import CRITERION_IDS, default_rubric

ALL_FOUR = dict.fromkeys(CRITERION_IDS, 4)
ALL_TWO = dict.fromkeys(CRITERION_IDS, 2)


class LabelGrader:
    """Grades from a table answer -> scores, shifted by `offset` (clamped to 1-5).

    Answers starting with "UNSCORED" are unscored; "FLAG:x" adds red flag x; "WARN:x" adds a
    warning. Tracks how many grades run at once, to check the concurrency bound.
    """

    def __init__(
        self,
        table: dict[str, dict[str, int]],
        offset: int = 0,
        delay: float = 0.0,
        engine: str = "llm",
    ) -> None:
        self.table = table
        self.offset = offset
        self.delay = delay
        self.in_flight = 0
        self.peak = 0
        self.calls = 0
        self._info = EngineInfo(
            engine=engine,  # type: ignore[arg-type]
            provider="fake" if engine == "llm" else "offline",
            model="labels",
        )

    @property
    def info(self) -> EngineInfo:
        return self._info

    async def grade(self, answer: str, context: InterviewContext) -> GradeReport | Unscored:
        self.calls += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        usage = Usage(
            calls=[CallUsage(purpose="grade", model="labels", input_tokens=1000, output_tokens=200)]
        )
        warnings = [
            ReportWarning(code=w[5:], message="w") for w in answer.split() if w.startswith("WARN:")
        ]
        if answer.startswith("UNSCORED"):
            return Unscored(
                reason_code="non_english",
                reason="r",
                hint="h",
                engine=self.info,
                usage=usage,
                warnings=warnings,
            )
        base = self.table[answer.strip()]
        scores = {c: min(5, max(1, s + self.offset)) for c, s in base.items()}
        rubric = default_rubric()
        overall = rubric.overall(scores)
        return GradeReport(
            rubric_version=rubric.version,
            criteria=[
                CriterionScore(
                    criterion_id=c, evidence=[f"quote for {c}"], reason="because", score=s
                )
                for c, s in scores.items()
            ],
            overall=overall,
            band=rubric.band(overall),
            flags=[RedFlag(id=w[5:], label=w[5:]) for w in answer.split() if w.startswith("FLAG:")],
            warnings=warnings,
            engine=self.info,
            usage=usage,
        )


def case(case_id: str, answer: str, scores: dict[str, int] | None = None, **extra: object) -> dict:
    data: dict = {"id": case_id, "split": "dev", "kind": "mid", "answer": answer}
    if scores is not None:
        data["expected"] = {"scores": scores}
    data.update(extra)
    return data


def write_suite(path: Path, cases: list[dict], name: str = "core", **extra: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"suite": name, "description": "t", **extra, "cases": cases}))
    return path
