"""Checks a case's `assert:` block against one grader outcome."""

from __future__ import annotations

from pydantic import BaseModel

from ..models import GradeReport, Unscored
from .suite import Assertions

GRADER_FAILURES = frozenset({"provider_error", "invalid_output"})


class AssertionResult(BaseModel):
    name: str
    passed: bool
    detail: str


def _scored(outcome: GradeReport | Unscored | None) -> GradeReport | None:
    return outcome if isinstance(outcome, GradeReport) else None


def _describe(outcome: GradeReport | Unscored | None) -> str:
    if outcome is None:
        return "no outcome (grader error)"
    if isinstance(outcome, Unscored):
        return f"unscored ({outcome.reason_code})"
    return f"overall {outcome.overall}"


def evaluate(
    assertions: Assertions, outcome: GradeReport | Unscored | None
) -> list[AssertionResult]:
    """One result per assertion that is set. `outcome` None means the grader crashed."""
    out: list[AssertionResult] = []
    report = _scored(outcome)
    got = _describe(outcome)

    def add(name: str, passed: bool, detail: str) -> None:
        out.append(AssertionResult(name=name, passed=passed, detail=detail))

    if assertions.overall_min is not None:
        ok = report is not None and report.overall >= assertions.overall_min
        add("overall_min", ok, f"want >= {assertions.overall_min}, got {got}")
    # Ceilings say "award no more than this": an answer judged unscorable awards nothing, so it
    # keeps them (the unscored counts report it separately). A provider failure or unusable
    # model output judged nothing at all, so it keeps no assertion. Floors and flags need a
    # scored report.
    declined = isinstance(outcome, Unscored) and outcome.reason_code not in GRADER_FAILURES
    if assertions.overall_max is not None:
        ok = declined or (report is not None and report.overall <= assertions.overall_max)
        add("overall_max", ok, f"want <= {assertions.overall_max}, got {got}")
    for criterion, floor in assertions.criterion_min.items():
        value = report.scores.get(criterion) if report else None
        add(
            f"criterion_min.{criterion}",
            value is not None and value >= floor,
            f"want {criterion} >= {floor}, got {value if value is not None else got}",
        )
    for criterion, ceiling in assertions.criterion_max.items():
        value = report.scores.get(criterion) if report else None
        add(
            f"criterion_max.{criterion}",
            declined or (value is not None and value <= ceiling),
            f"want {criterion} <= {ceiling}, got {value if value is not None else got}",
        )
    if assertions.unscored is not None:
        is_unscored = isinstance(outcome, Unscored)
        want = "unscored" if assertions.unscored else "scored"
        add("unscored", is_unscored == assertions.unscored, f"want {want}, got {got}")
    if assertions.unscored_reason is not None:
        reason = outcome.reason_code if isinstance(outcome, Unscored) else None
        add(
            "unscored_reason",
            reason == assertions.unscored_reason,
            f"want unscored ({assertions.unscored_reason}), got {got}",
        )
    flags = {f.id for f in report.flags} if report else set()
    for flag in assertions.flags:
        found = ", ".join(sorted(flags)) or "none"
        add(f"flags.{flag}", flag in flags, f"want flag {flag}, got flags: {found}")
    if assertions.warning is not None:
        codes = {w.code for w in outcome.warnings} if outcome is not None else set()
        found = ", ".join(sorted(codes)) or "none"
        add(
            "warning",
            assertions.warning in codes,
            f"want warning {assertions.warning}, got warnings: {found}",
        )
    return out
