"""The offline grader is held to the thresholds in evals/thresholds.yaml on every suite and split
(dev and holdout, core and adversarial; real answers on dev only). Why these numbers:
evals/README.md, "## Thresholds" and "## Real answers"."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.config import load_settings
from interview_coach.evals.grading import build_eval_grader
from interview_coach.evals.report import build_report
from interview_coach.evals.runner import EvalItem, items_of, run_cases
from interview_coach.evals.suite import load_suites
from interview_coach.evals.thresholds import load_threshold_table

EVALS = Path(__file__).resolve().parents[1] / "evals"
GROUPS = [(s, sp) for s in ("core", "adversarial") for sp in ("dev", "holdout")] + [("real", "dev")]
REQUIRED = {
    "core": {
        "band_accuracy_min",
        "within1_min",
        "qwk_min",
        "overall_mae_max",
        "assertion_pass_rate_min",
        "max_unscored_unexpected",
    },
    "adversarial": {"assertion_pass_rate_min", "max_unscored_unexpected", "max_unscored_missed"},
    "real": {"auc_min", "max_unscored_unexpected"},
}


def _items(suite: str, split: str) -> tuple[list, list[EvalItem]]:
    suites = [s for s in load_suites([EVALS]) if s.suite.suite == suite]
    return suites, items_of(suites, split)


def test_thresholds_cover_every_offline_suite_and_split() -> None:
    table = load_threshold_table(EVALS / "thresholds.yaml")
    for suite, split in GROUPS:
        limits = table["offline"][suite][split].set_items()
        assert REQUIRED[suite] <= set(limits), f"offline/{suite}/{split} lacks thresholds"


@pytest.mark.parametrize(("suite", "split"), GROUPS, ids=[f"{s}-{sp}" for s, sp in GROUPS])
async def test_offline_grader_meets_its_thresholds(suite: str, split: str) -> None:
    suites, items = _items(suite, split)
    assert len(items) >= 5, f"too few {suite}/{split} cases to hold a threshold"
    settings = load_settings(grader={"model": "offline"})
    grader, _ = build_eval_grader(settings, None)
    assert grader.info.engine == "offline"
    preds = await run_cases(items, grader, concurrency=4)
    report = build_report(
        suites=suites,
        predictions=preds,
        engine=grader.info,
        settings={},
        options={},
        table=load_threshold_table(EVALS / "thresholds.yaml"),
    )
    [group] = report.groups
    assert group.checks, "no thresholds applied"
    missed = [
        f"{c['key']}: measured {c['value']}, limit {c['limit']}"
        for c in group.checks
        if not c["passed"]
    ]
    assert not missed, f"offline {suite}/{split} missed: " + "; ".join(missed)
