"""Meaning or wording: the labelled dev answers against paraphrases of them with the same labels.

`evals/dev/paraphrase-*.yaml` hold a paraphrase of every labelled core dev answer (id `pp-<id>`),
written by helpers who kept every idea, detail and flaw and changed the wording; the labels are
copied from the originals. `paraphrase2-*` (`pp2-`), `paraphrase3-*` (`pp3-`) and
`paraphrase4-*` (`pp4-`) are three more paraphrases of the same answers by other helpers (round
14), each a set of its own. A grader that reads meaning agrees with the labels as well on the
paraphrases as on the originals and gives each pair the same scores; one that reads wording
loses agreement on the paraphrases.
Which files were read while tuning and which were only measured is in `evals/README.md`.

    python scripts/paraphrase_gap.py
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.table import Table

from interview_coach.evals.runner import Prediction, items_of, run_cases
from interview_coach.evals.suite import load_suites
from interview_coach.evals.summary import summarize
from interview_coach.offline.grader import OfflineGrader

DEV = Path(__file__).resolve().parents[1] / "evals" / "dev"
ORIGINALS = ("core.yaml", "core-extra.yaml", "core-third.yaml")
# paraphrase set -> (file glob, id prefix)
SETS = {
    "pp": ("paraphrase-*.yaml", "pp-"),
    "pp2": ("paraphrase2-*.yaml", "pp2-"),
    "pp3": ("paraphrase3-*.yaml", "pp3-"),
    "pp4": ("paraphrase4-*.yaml", "pp4-"),
    "pp5": ("paraphrase5-*.yaml", "pp5-"),
    "pp6": ("paraphrase6-*.yaml", "pp6-"),
    "pp7": ("paraphrase7-*.yaml", "pp7-"),
    "pp8": ("paraphrase8-*.yaml", "pp8-"),
}
KEPT_BACK = ("pp8",)
"""Sets written to measure the engine on, never read and never fitted on (`fit_holistic.py`)."""


def run(grader: OfflineGrader, paths: list[Path]) -> list[Prediction]:
    return asyncio.run(run_cases(items_of(load_suites(paths), split="dev"), grader, concurrency=1))


def agreement(results: list[Prediction]) -> dict[str, float | None]:
    totals = summarize(results)
    return {k: totals.get(k) for k in ("band_accuracy", "within1", "qwk_mean")}  # type: ignore[misc]


def pair_stability(
    originals: list[Prediction], paraphrases: list[Prediction], prefix: str
) -> tuple[int, float, float]:
    """(pairs, share of criterion scores within one point, mean |overall difference|)."""
    by_id = {r.case_id: r for r in originals if r.status == "scored"}
    within = total = 0
    diffs: list[float] = []
    for r in paraphrases:
        o = by_id.get(r.case_id.removeprefix(prefix))
        if o is None or r.status != "scored" or o.overall is None or r.overall is None:
            continue
        shared = [k for k in o.scores if k in r.scores]
        within += sum(abs(o.scores[k] - r.scores[k]) <= 1 for k in shared)
        total += len(shared)
        diffs.append(abs(o.overall - r.overall))
    pairs = len(diffs)
    return pairs, within / max(total, 1), sum(diffs) / max(pairs, 1)


def main() -> None:
    originals = [DEV / name for name in ORIGINALS]
    table = Table(title="Labelled dev answers and their paraphrases (same labels)")
    for col in (
        "engine",
        "set",
        "band orig",
        "band para",
        "QWK orig",
        "QWK para",
        "pairs",
        "scores within 1",
        "mean |Δ overall|",
    ):
        table.add_column(col)
    for name, grader in (
        ("default (semantic)", OfflineGrader()),
        ("rules only", OfflineGrader(semantic=False)),
    ):
        o = run(grader, originals)
        ao = agreement(o)
        for label, (pattern, prefix) in SETS.items():
            files = sorted(DEV.glob(pattern))
            if not files:
                continue
            p = run(grader, files)
            ap = agreement(p)
            pairs, within, delta = pair_stability(o, p, prefix)
            table.add_row(
                name,
                label,
                f"{ao['band_accuracy']:.3f}",
                f"{ap['band_accuracy']:.3f}",
                f"{ao['qwk_mean']:.3f}",
                f"{ap['qwk_mean']:.3f}",
                str(pairs),
                f"{within:.3f}",
                f"{delta:.1f}",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
