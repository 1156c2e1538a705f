"""The eval report: everything a run produced, saved as JSON and read back by `--compare`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ..models import EngineInfo
from .failures import FailureSummary, summarize_failures
from .runner import Prediction
from .suite import LoadedSuite
from .summary import GroupMetrics, Number, group_metrics, summarize
from .thresholds import Thresholds, ThresholdTable, check, resolve

REPORT_VERSION = 1


class GroupResult(GroupMetrics):
    checks: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c["passed"] for c in self.checks)


class SuiteInfo(BaseModel):
    name: str
    path: str
    description: str
    cases: int


class EvalReport(BaseModel):
    version: int = REPORT_VERSION
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    engine: EngineInfo
    settings: dict[str, Any]
    options: dict[str, Any]
    suites: list[SuiteInfo]
    groups: list[GroupResult]
    totals: dict[str, Number]
    label_issues: list[str] = Field(default_factory=list)
    wall_time_s: float = 0.0
    failures: FailureSummary = Field(default_factory=FailureSummary)
    predictions: list[Prediction]

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.groups)

    @property
    def failed_checks(self) -> list[tuple[GroupResult, dict[str, Any]]]:
        return [(g, c) for g in self.groups for c in g.checks if not c["passed"]]

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")


class ReportError(ValueError):
    pass


def read_report(path: Path) -> EvalReport:
    try:
        return EvalReport.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ValidationError, json.JSONDecodeError):
        raise ReportError(f"{path}: not an interview-coach eval report (JSON)") from None


def build_report(
    *,
    suites: Sequence[LoadedSuite],
    predictions: Sequence[Prediction],
    engine: EngineInfo,
    settings: dict[str, Any],
    options: dict[str, Any],
    table: ThresholdTable | None,
    label_issues: Sequence[str] = (),
    wall_time_s: float = 0.0,
) -> EvalReport:
    # A file's own thresholds cover the splits its cases are in (dev and holdout files of one
    # suite name may each carry their own).
    suite_levels: dict[tuple[str, str], Thresholds] = {}
    for loaded in suites:
        if loaded.suite.thresholds is None:
            continue
        for split in {c.split for c in loaded.suite.cases}:
            key = (loaded.suite.suite, split)
            suite_levels[key] = suite_levels.get(key, Thresholds()).merged(loaded.suite.thresholds)
    groups = []
    for g in group_metrics(predictions):
        limits = resolve(suite_levels.get((g.suite, g.split)), table, engine, g.suite, g.split)
        groups.append(
            GroupResult(
                **g.model_dump(),
                checks=[c.to_dict() for c in check(limits, g.metrics)],
            )
        )
    return EvalReport(
        engine=engine,
        settings=settings,
        options=options,
        suites=[
            SuiteInfo(
                name=s.suite.suite,
                path=str(s.path),
                description=s.suite.description,
                cases=len(s.suite.cases),
            )
            for s in suites
        ],
        groups=groups,
        totals=summarize(predictions),
        label_issues=list(label_issues),
        wall_time_s=wall_time_s,
        failures=summarize_failures(predictions),
        predictions=list(predictions),
    )
