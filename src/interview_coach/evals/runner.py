"""Runs eval cases through any Grader, concurrently, and records one Prediction per run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from ..config import ModelPrice
from ..cost import cost_usd, price_for
from ..engine import Grader
from ..llm_cache import repeat_scope
from ..models import GradeReport, ReportWarning, Unscored
from ..rubric import Rubric, default_rubric
from .assertions import AssertionResult, evaluate
from .suite import Case, LoadedSuite


@dataclass(frozen=True)
class EvalItem:
    suite: str
    case: Case


def items_of(suites: Sequence[LoadedSuite], split: str | None = None) -> list[EvalItem]:
    return [
        EvalItem(loaded.suite.suite, case)
        for loaded in suites
        for case in loaded.suite.cases
        if split is None or case.split == split
    ]


class Prediction(BaseModel):
    """One graded run of one case, with the labels it is judged against (self-contained JSON)."""

    suite: str
    case_id: str
    split: str
    kind: str
    tags: list[str] = Field(default_factory=list)
    repeat: int = 0
    status: Literal["scored", "unscored", "error"]
    scores: dict[str, int] = Field(default_factory=dict)
    overall: int | None = None
    band: str | None = None
    unscored_reason: str | None = None
    error_kind: str | None = None
    failure: str | None = None
    """For a failed model call: what the person was told (cause and fix)."""
    flags: list[str] = Field(default_factory=list)
    warnings: list[ReportWarning] = Field(default_factory=list)
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    reasons: dict[str, str] = Field(default_factory=dict)
    error: str | None = None
    latency_s: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    model_calls: int = 0
    cached_calls: int = 0
    cost_usd: float | None = None
    expected_scores: dict[str, int] = Field(default_factory=dict)
    expected_band: str | None = None
    expected_overall: int | None = None
    expects_unscored: bool = False
    assertions: list[AssertionResult] = Field(default_factory=list)
    verdict: str | None = None
    word_count: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.suite, self.case_id)

    @property
    def assertions_passed(self) -> bool | None:
        return all(a.passed for a in self.assertions) if self.assertions else None


def expected_band(case: Case, rubric: Rubric) -> str | None:
    """The labelled band, or the one implied by complete expected scores."""
    if case.expected is None:
        return None
    if case.expected.band is not None:
        return case.expected.band.value
    if case.expected.complete:
        return rubric.band(rubric.overall(case.expected.scores)).value
    return None


def label_issues(items: Sequence[EvalItem], rubric: Rubric) -> list[str]:
    """Labels that contradict each other or the rubric (reported, never corrected here)."""
    issues = []
    for item in items:
        case, exp = item.case, item.case.expected
        where = f"{item.suite}/{case.id}"
        if exp is not None and exp.complete and exp.band is not None:
            overall = rubric.overall(exp.scores)
            implied = rubric.band(overall)
            if implied != exp.band:
                issues.append(
                    f"{where}: expected band {exp.band.value} but the expected scores give "
                    f"overall {overall} = {implied.value}"
                )
        asserts = case.assertions
        if exp is not None and exp.complete and asserts is not None:
            overall = rubric.overall(exp.scores)
            if asserts.overall_min is not None and overall < asserts.overall_min:
                issues.append(
                    f"{where}: expected scores give overall {overall}, "
                    f"below its own overall_min {asserts.overall_min}"
                )
            if asserts.overall_max is not None and overall > asserts.overall_max:
                issues.append(
                    f"{where}: expected scores give overall {overall}, "
                    f"above its own overall_max {asserts.overall_max}"
                )
        if exp is not None and exp.scores and case.expects_unscored:
            issues.append(f"{where}: has expected scores but also expects to be unscored")
    return issues


def _cost(outcome: GradeReport | Unscored, price: ModelPrice | None) -> float | None:
    return cost_usd(outcome.engine, outcome.usage, price)


def predict(
    item: EvalItem,
    repeat: int,
    outcome: GradeReport | Unscored | None,
    latency_s: float,
    rubric: Rubric,
    price: ModelPrice | None = None,
    error: str | None = None,
) -> Prediction:
    case = item.case
    exp = case.expected
    pred = Prediction(
        suite=item.suite,
        case_id=case.id,
        split=case.split,
        kind=case.kind,
        tags=list(case.tags),
        repeat=repeat,
        status="error" if outcome is None else outcome.status,
        error=error,
        latency_s=latency_s,
        expected_scores=dict(exp.scores) if exp else {},
        expected_band=expected_band(case, rubric),
        expected_overall=rubric.overall(exp.scores) if exp and exp.complete else None,
        expects_unscored=case.expects_unscored,
        assertions=evaluate(case.assertions, outcome) if case.assertions else [],
        verdict=case.verdict,
        word_count=len(case.answer.split()),
    )
    if outcome is None:
        return pred
    pred.warnings = list(outcome.warnings)
    pred.input_tokens = outcome.usage.input_tokens
    pred.output_tokens = outcome.usage.output_tokens
    pred.model_calls = len(outcome.usage.calls)
    pred.cached_calls = sum(c.cached for c in outcome.usage.calls)
    pred.cost_usd = _cost(outcome, price)
    if isinstance(outcome, GradeReport):
        pred.scores = outcome.scores
        pred.overall = outcome.overall
        pred.band = outcome.band.value
        pred.flags = [f.id for f in outcome.flags]
        pred.evidence = {c.criterion_id: list(c.evidence) for c in outcome.criteria}
        pred.reasons = {c.criterion_id: c.reason for c in outcome.criteria}
    else:
        pred.unscored_reason = outcome.reason_code
        pred.error_kind = outcome.error_kind
        if outcome.reason_code in ("provider_error", "invalid_output"):
            pred.failure = f"{outcome.reason} {outcome.hint}".strip()
    return pred


async def run_cases(
    items: Sequence[EvalItem],
    grader: Grader,
    *,
    concurrency: int = 4,
    repeat: int = 1,
    prices: dict[str, ModelPrice] | None = None,
    rubric: Rubric | None = None,
    on_result: Callable[[Prediction], None] | None = None,
) -> list[Prediction]:
    """Grade every item `repeat` times with at most `concurrency` grades in flight.

    A grader that raises (it should not: the protocol says it returns Unscored) is recorded as
    an `error` prediction so one bad case never sinks the run. An exception from `on_result`
    (an early stop) cancels the grades still running and propagates.
    """
    if concurrency < 1 or repeat < 1:
        raise ValueError("concurrency and repeat must be at least 1")
    rubric = rubric or default_rubric()
    info = grader.info
    price = price_for(info, prices or {})
    gate = asyncio.Semaphore(concurrency)

    async def one(item: EvalItem, index: int) -> Prediction:
        async with gate:
            with repeat_scope(index):
                started = time.perf_counter()
                outcome: GradeReport | Unscored | None = None
                error = None
                try:
                    outcome = await grader.grade(item.case.answer, item.case.context)
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}"
                latency = time.perf_counter() - started
        pred = predict(item, index, outcome, latency, rubric, price, error)
        if on_result is not None:
            on_result(pred)
        return pred

    # A task group, so that `on_result` raising (an early stop) cancels the calls in flight.
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(item, r)) for r in range(repeat) for item in items]
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    results = [task.result() for task in tasks]
    order = {(item.suite, item.case.id): n for n, item in enumerate(items)}
    return sorted(results, key=lambda p: (order[p.key], p.repeat))
