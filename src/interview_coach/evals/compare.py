"""`--compare old.json new.json`: which metrics and which cases improved or regressed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from rich.console import Console
from rich.table import Table

from .console import fmt
from .report import EvalReport
from .runner import Prediction
from .summary import Number, criterion_metrics

HIGHER_IS_BETTER = {
    "band_accuracy": "pct",
    "exact": "pct",
    "within1": "pct",
    "qwk_mean": "f2",
    "overall_spearman": "f2",
    "assertion_pass_rate": "pct",
    "auc": "f2",
    "auc_gain": "f2",
    "auc_long": "f2",
}
LOWER_IS_BETTER = {
    "mae": "f2",
    "overall_mae": "f2",
    "unscored_unexpected": "int",
    "unscored_missed": "int",
    "errors": "int",
    "stability_sd": "f2",
    "latency_p50_s": "s",
    "latency_p95_s": "s",
    "tokens_per_case": "f2",
    "cost_per_case_usd": "usd",
}

NOISE = {"latency_p50_s": (0.05, 0.01), "latency_p95_s": (0.05, 0.01)}
"""(relative, absolute) changes at or below which a metric counts as 'same': timings jitter."""


@dataclass(frozen=True)
class MetricDelta:
    scope: str
    metric: str
    old: Number
    new: Number
    kind: str
    higher_is_better: bool

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return float(self.new) - float(self.old)

    @property
    def verdict(self) -> str:
        d = self.delta
        relative, absolute = NOISE.get(self.metric, (0.0, 0.0))
        noise = max(relative * abs(float(self.old or 0)), absolute)
        if d is None or abs(d) <= max(noise, 1e-9):
            return "same"
        return "improved" if (d > 0) == self.higher_is_better else "regressed"


@dataclass(frozen=True)
class CaseMove:
    suite: str
    case_id: str
    expected_band: str | None
    expected_overall: int | None
    old_band: str | None
    new_band: str | None
    old_overall: float | None
    new_overall: float | None

    @property
    def overall_delta(self) -> float | None:
        if self.old_overall is None or self.new_overall is None:
            return None
        return self.new_overall - self.old_overall

    @property
    def verdict(self) -> str:
        exp = self.expected_overall
        if self.old_band != self.new_band and self.expected_band is not None:
            if self.new_band == self.expected_band:
                return "improved"
            if self.old_band == self.expected_band:
                return "regressed"
        if exp is not None and self.old_overall is not None and self.new_overall is not None:
            before, after = abs(self.old_overall - exp), abs(self.new_overall - exp)
            if after < before:
                return "improved"
            if after > before:
                return "regressed"
        return "changed"


def metric_deltas(old: EvalReport, new: EvalReport) -> list[MetricDelta]:
    scopes: list[tuple[str, dict[str, Number], dict[str, Number]]] = [
        ("all", old.totals, new.totals)
    ]
    old_groups = {(g.suite, g.split): g.metrics for g in old.groups}
    for g in new.groups:
        if (g.suite, g.split) in old_groups:
            scopes.append((f"{g.suite}/{g.split}", old_groups[(g.suite, g.split)], g.metrics))
    out = []
    for scope, before, after in scopes:
        for table, higher in ((HIGHER_IS_BETTER, True), (LOWER_IS_BETTER, False)):
            for metric, kind in table.items():
                out.append(
                    MetricDelta(scope, metric, before.get(metric), after.get(metric), kind, higher)
                )
    old_crit = criterion_metrics(old.predictions)
    new_crit = criterion_metrics(new.predictions)
    for cid, after_c in new_crit.items():
        out.append(MetricDelta("all", f"qwk.{cid}", old_crit[cid].qwk, after_c.qwk, "f2", True))
    return out


def _by_case(preds: Sequence[Prediction]) -> dict[tuple[str, str], list[Prediction]]:
    grouped: dict[tuple[str, str], list[Prediction]] = defaultdict(list)
    for p in preds:
        grouped[p.key].append(p)
    return grouped


def _mean_overall(preds: list[Prediction]) -> float | None:
    values = [p.overall for p in preds if p.overall is not None]
    return fmean(values) if values else None


def _band(preds: list[Prediction]) -> str | None:
    first = min(preds, key=lambda p: p.repeat)
    return first.band if first.status == "scored" else first.status


def case_moves(old: EvalReport, new: EvalReport, limit: int = 10) -> list[CaseMove]:
    """Cases whose band changed, then those whose overall moved most (at most `limit`)."""
    before, after = _by_case(old.predictions), _by_case(new.predictions)
    moves = []
    for key, new_preds in after.items():
        if key not in before:
            continue
        old_preds = before[key]
        ref = new_preds[0]
        move = CaseMove(
            suite=key[0],
            case_id=key[1],
            expected_band=ref.expected_band,
            expected_overall=ref.expected_overall,
            old_band=_band(old_preds),
            new_band=_band(new_preds),
            old_overall=_mean_overall(old_preds),
            new_overall=_mean_overall(new_preds),
        )
        if move.old_band != move.new_band or (move.overall_delta or 0) != 0:
            moves.append(move)
    moves.sort(key=lambda m: (m.old_band != m.new_band, abs(m.overall_delta or 0)), reverse=True)
    return moves[:limit]


_STYLE = {"improved": "green", "regressed": "red", "same": "dim", "changed": "yellow"}


def print_comparison(old: EvalReport, new: EvalReport, console: Console) -> None:
    console.print(
        f"Comparing [bold]{old.engine.label}[/bold] ({old.created_at:%Y-%m-%d %H:%M}) "
        f"with [bold]{new.engine.label}[/bold] ({new.created_at:%Y-%m-%d %H:%M})"
    )
    table = Table(title="Metrics", title_justify="left")
    for name in ("Scope", "Metric", "Old", "New", "Delta", "Verdict"):
        table.add_column(name, justify="right" if name in {"Old", "New", "Delta"} else "left")
    deltas = metric_deltas(old, new)
    for d in deltas:
        if d.verdict == "same":
            continue
        delta = d.delta
        shown = "–" if delta is None else (f"{delta:+.1%}" if d.kind == "pct" else f"{delta:+.3g}")
        style = _STYLE[d.verdict]
        table.add_row(
            d.scope,
            d.metric,
            fmt(d.old, d.kind),
            fmt(d.new, d.kind),
            shown,
            f"[{style}]{d.verdict}[/{style}]",
        )
    verdicts = [d.verdict for d in deltas]
    if verdicts.count("same") == len(verdicts):
        console.print("No metric changed.")
    else:
        console.print(table)
        console.print(
            f"[green]{verdicts.count('improved')} improved[/green], "
            f"[red]{verdicts.count('regressed')} regressed[/red], "
            f"{verdicts.count('same')} unchanged."
        )
    moves = case_moves(old, new)
    if not moves:
        console.print("No case changed its band or overall score.")
        return
    cases = Table(title="Cases that moved most", title_justify="left")
    for name in ("Case", "Expected", "Old band", "New band", "Old", "New", "Delta", "Verdict"):
        cases.add_column(name, justify="right" if name in {"Old", "New", "Delta"} else "left")
    for mv in moves:
        style = _STYLE[mv.verdict]
        delta = mv.overall_delta
        cases.add_row(
            f"{mv.suite}/{mv.case_id}",
            mv.expected_band or "–",
            mv.old_band or "–",
            mv.new_band or "–",
            fmt(mv.old_overall, "f2") if mv.old_overall is not None else "–",
            fmt(mv.new_overall, "f2") if mv.new_overall is not None else "–",
            "–" if delta is None else f"{delta:+.1f}",
            f"[{style}]{mv.verdict}[/{style}]",
        )
    console.print(cases)
