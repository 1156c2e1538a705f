"""How far to trust a grade: each engine's measured agreement with human labels.

`prompts/engine_agreement.yaml` holds, per engine, the per-criterion agreement on the held-out
eval cases (`evals/holdout/`), written by `scripts/agreement_report.py` and checked to be
current by `tests/test_agreement_report.py`. The scorecard states it in one line, or says the
engine is unmeasured when the file has no entry for it.
"""

from __future__ import annotations

import asyncio
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from .engine import Grader
from .models import EngineInfo
from .templates import load_yaml

AGREEMENT_FILE = "engine_agreement.yaml"
HOLDOUT = ("holdout",)


class CriterionAgreement(BaseModel):
    n: int
    qwk: float | None
    exact: float | None
    within1: float | None


class EngineAgreement(BaseModel):
    measured_on: str
    suites: list[str]
    cases: int
    band_accuracy: float | None
    qwk_mean: float | None
    within1: float | None
    criteria: dict[str, CriterionAgreement]


def engine_key(info: EngineInfo) -> str:
    return f"{info.provider}:{info.model}"


@cache
def load_agreement() -> dict[str, EngineAgreement]:
    data = load_yaml(AGREEMENT_FILE) or {}
    return {k: EngineAgreement.model_validate(v) for k, v in (data.get("engines") or {}).items()}


def agreement_line(info: EngineInfo) -> str:
    """One line for the scorecard footer."""
    found = load_agreement().get(engine_key(info))
    if found is None or found.qwk_mean is None:
        return f"Agreement with human graders: unmeasured for the {info.label}."
    lowest = min(
        ((c, a.qwk) for c, a in found.criteria.items() if a.qwk is not None),
        key=lambda x: x[1],
    )
    band = f"band right {found.band_accuracy:.0%}, " if found.band_accuracy is not None else ""
    return (
        f"Agreement with human graders on {found.cases} held-out answers: {band}"
        f"mean per-criterion QWK {found.qwk_mean:.2f} (lowest {lowest[0]} {lowest[1]:.2f})."
    )


def measure(grader: Grader, holdout_dir: Path) -> EngineAgreement:
    """Grade every labelled held-out case once and summarise agreement (no thresholds)."""
    from .evals.runner import items_of, run_cases
    from .evals.suite import load_suites, suite_files
    from .evals.summary import criterion_metrics, summarize

    files = suite_files([holdout_dir])
    items = items_of(load_suites(files), split="holdout")
    items = [i for i in items if i.case.expected is not None or i.case.expects_unscored]
    preds = asyncio.run(run_cases(items, grader, concurrency=1))
    totals = summarize(preds)
    crit = criterion_metrics(preds)

    def r(x: object) -> float | None:
        return None if x is None else round(float(x), 2)  # type: ignore[arg-type]

    return EngineAgreement(
        measured_on=date.today().isoformat(),
        suites=sorted(f.name for f in files),
        cases=len(items),
        band_accuracy=r(totals.get("band_accuracy")),
        qwk_mean=r(totals.get("qwk_mean")),
        within1=r(totals.get("within1")),
        criteria={
            c: CriterionAgreement(n=m.n, qwk=r(m.qwk), exact=r(m.exact), within1=r(m.within1))
            for c, m in crit.items()
        },
    )
