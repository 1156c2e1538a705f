"""Turns predictions into metrics: per (suite, split) group, per criterion, and for the run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from ..rubric import CRITERION_IDS
from . import metrics as m
from .runner import Prediction
from .verdicts import verdict_metrics

Number = float | int | None


class CriterionMetrics(BaseModel):
    n: int
    qwk: float | None
    spearman: float | None
    mae: float | None
    exact: float | None
    within1: float | None


class GroupMetrics(BaseModel):
    suite: str
    split: str
    metrics: dict[str, Number]
    criteria: dict[str, CriterionMetrics] = Field(default_factory=dict)


def criterion_metrics(preds: Sequence[Prediction]) -> dict[str, CriterionMetrics]:
    out: dict[str, CriterionMetrics] = {}
    for cid in CRITERION_IDS:
        pairs = [
            (p.expected_scores[cid], p.scores[cid])
            for p in preds
            if p.status == "scored" and cid in p.expected_scores and cid in p.scores
        ]
        exp = [a for a, _ in pairs]
        got = [b for _, b in pairs]
        out[cid] = CriterionMetrics(
            n=len(pairs),
            qwk=m.quadratic_weighted_kappa(exp, got),
            spearman=m.spearman(exp, got),
            mae=m.mean_absolute_error(exp, got),
            exact=m.agreement(exp, got, 0),
            within1=m.agreement(exp, got, 1),
        )
    return out


def _mean_cost(costs: Sequence[float | None]) -> float | None:
    """None when any run has no price: a partial sum would understate the cost."""
    known = [c for c in costs if c is not None]
    if not costs or len(known) != len(costs):
        return None
    return sum(known) / len(known)


def summarize(preds: Sequence[Prediction]) -> dict[str, Number]:
    """The headline numbers for a set of predictions; see evals/README.md "## Metrics"."""
    scored = [p for p in preds if p.status == "scored"]
    crit = criterion_metrics(preds)
    pooled = [
        (p.expected_scores[c], p.scores[c])
        for p in scored
        for c in p.expected_scores
        if c in p.scores
    ]
    overall_pairs = [
        (p.expected_overall, p.overall)
        for p in scored
        if p.expected_overall is not None and p.overall is not None
    ]
    band_runs = [p for p in preds if p.expected_band is not None and not p.expects_unscored]
    asserted = [p for p in preds if p.assertions]
    by_case: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p in scored:
        if p.overall is not None:
            by_case[p.key].append(p.overall)
    latencies = [p.latency_s for p in preds]
    costs = [p.cost_usd for p in preds]
    exp_pool = [a for a, _ in pooled]
    got_pool = [b for _, b in pooled]
    return {
        "cases": len({p.key for p in preds}),
        "runs": len(preds),
        "scored": len(scored),
        "score_labelled_runs": sum(bool(p.expected_scores) for p in preds),
        "overall_labelled_runs": sum(p.expected_overall is not None for p in preds),
        "band_labelled_runs": len(band_runs),
        "asserted_runs": len(asserted),
        "qwk_mean": m.mean_or_none([c.qwk for c in crit.values()]),
        "exact": m.agreement(exp_pool, got_pool, 0),
        "within1": m.agreement(exp_pool, got_pool, 1),
        "mae": m.mean_absolute_error(exp_pool, got_pool),
        "overall_mae": m.mean_absolute_error(
            [a for a, _ in overall_pairs], [b for _, b in overall_pairs]
        ),
        "overall_spearman": m.spearman(
            [a for a, _ in overall_pairs], [b for _, b in overall_pairs]
        ),
        "band_accuracy": (
            sum(p.band == p.expected_band for p in band_runs) / len(band_runs)
            if band_runs
            else None
        ),
        "assertion_pass_rate": (
            sum(bool(p.assertions_passed) for p in asserted) / len(asserted) if asserted else None
        ),
        "unscored_expected": sum(p.status != "scored" and p.expects_unscored for p in preds),
        "unscored_unexpected": sum(p.status != "scored" and not p.expects_unscored for p in preds),
        "unscored_missed": sum(p.status == "scored" and p.expects_unscored for p in preds),
        "errors": sum(p.status == "error" for p in preds),
        "stability_sd": m.mean_stdev(list(by_case.values())),
        "repeated_cases": sum(len(runs) > 1 for runs in by_case.values()),
        "latency_p50_s": m.percentile(latencies, 50),
        "latency_p95_s": m.percentile(latencies, 95),
        "tokens_per_case": (
            sum(p.input_tokens + p.output_tokens for p in preds) / len(preds) if preds else None
        ),
        "input_tokens": sum(p.input_tokens for p in preds),
        "output_tokens": sum(p.output_tokens for p in preds),
        "cached_calls": sum(p.cached_calls for p in preds),
        "model_calls": sum(p.model_calls for p in preds),
        "cost_per_case_usd": _mean_cost(costs),
        **verdict_metrics(preds),
    }


def group_metrics(preds: Sequence[Prediction]) -> list[GroupMetrics]:
    """One entry per (suite, split), in the order the cases came."""
    groups: dict[tuple[str, str], list[Prediction]] = {}
    for p in preds:
        groups.setdefault((p.suite, p.split), []).append(p)
    return [
        GroupMetrics(suite=s, split=sp, metrics=summarize(g), criteria=criterion_metrics(g))
        for (s, sp), g in groups.items()
    ]


def worst_disagreements(preds: Sequence[Prediction], limit: int = 10) -> list[dict[str, Any]]:
    """The scored runs furthest from their labels: overall gap first, then summed criterion gaps."""
    rows = []
    for p in preds:
        if p.status != "scored" or not p.expected_scores:
            continue
        gaps = {c: p.scores[c] - e for c, e in p.expected_scores.items() if c in p.scores}
        overall_gap = (
            abs(p.overall - p.expected_overall)
            if p.overall is not None and p.expected_overall is not None
            else 0
        )
        rows.append(
            {
                "prediction": p,
                "overall_gap": overall_gap,
                "criterion_gap": sum(abs(v) for v in gaps.values()),
                "gaps": {c: v for c, v in gaps.items() if v},
            }
        )
    rows.sort(key=lambda r: (r["overall_gap"], r["criterion_gap"]), reverse=True)
    return [r for r in rows if r["overall_gap"] or r["criterion_gap"]][:limit]
