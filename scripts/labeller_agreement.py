"""Agreement between two human labellers, beside each offline engine's agreement with each.

A second labeller scored 40 dev answers of the core suites blind to their labels
(`evals/labellers/core-dev-second.json`). How far two people following the same notes agree is
the ceiling a grader's agreement can be read against: the issue's targets (band 0.70, QWK 0.80)
mean something only if people reach them. Dev answers only, so nothing held out is read.

    python scripts/labeller_agreement.py
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from interview_coach.evals.metrics import quadratic_weighted_kappa
from interview_coach.evals.suite import load_suites
from interview_coach.models import GradeReport
from interview_coach.offline.grader import OfflineGrader

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "evals" / "labellers" / "core-dev-second.json"
SUITES = [ROOT / "evals" / "dev" / f for f in ("core.yaml", "core-extra.yaml", "core-third.yaml")]


def main() -> None:
    second = {c["id"]: c for c in json.loads(SECOND.read_text(encoding="utf-8"))["cases"]}
    cases = [
        c
        for loaded in load_suites(SUITES)
        for c in loaded.suite.cases
        if c.id in second and c.expected is not None
    ]
    engines = {"semantic": OfflineGrader(), "rules": OfflineGrader(semantic=False)}
    graded = {
        name: [g.grade_sync(c.answer, c.context) for c in cases] for name, g in engines.items()
    }
    criteria = list(next(iter(second.values()))["scores"])

    def band_rate(a: list[str], b: list[str]) -> str:
        return f"{sum(x == y for x, y in zip(a, b, strict=True))}/{len(a)}"

    first_bands = [str(c.expected.band) for c in cases if c.expected]
    second_bands = [second[c.id]["band"] for c in cases]
    table = Table(title=f"Agreement on {len(cases)} dev answers (QWK per criterion; band matches)")
    table.add_column("criterion")
    table.add_column("labellers 1~2", justify="right")
    for name in engines:
        table.add_column(f"{name}~1", justify="right")
        table.add_column(f"{name}~2", justify="right")
    for cid in criteria:
        first = [c.expected.scores[cid] for c in cases if c.expected]
        other = [second[c.id]["scores"][cid] for c in cases]
        row = [cid, f"{quadratic_weighted_kappa(first, other):.2f}"]
        for reports in graded.values():
            mine = [_score(r, cid) for r in reports]
            row += [
                f"{quadratic_weighted_kappa(mine, first):.2f}",
                f"{quadratic_weighted_kappa(mine, other):.2f}",
            ]
        table.add_row(*row)
    band_row = ["band", band_rate(first_bands, second_bands)]
    for reports in graded.values():
        bands = [str(r.band) if isinstance(r, GradeReport) else "unscored" for r in reports]
        band_row += [band_rate(bands, first_bands), band_rate(bands, second_bands)]
    table.add_row(*band_row, end_section=True)
    Console(width=110).print(table)
    print("1: the suites' own labels; 2: the second labeller; semantic = the default engine.")


def _score(report: object, criterion_id: str) -> int:
    if not isinstance(report, GradeReport):
        return 0
    return next(c.score for c in report.criteria if c.criterion_id == criterion_id)


if __name__ == "__main__":
    main()
