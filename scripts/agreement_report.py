"""Measure the offline engines' agreement with human labels on the held-out evals and write
`prompts/engine_agreement.yaml` (read by the scorecard footer and the README table).

Runs the graders on `evals/holdout/` only to report numbers; nothing is tuned on them.
`tests/test_agreement_report.py` re-runs the measurement and fails when the file is stale.

    python scripts/agreement_report.py          # rewrite the file, print the README table
"""

from __future__ import annotations

from pathlib import Path

import yaml

from interview_coach.agreement import AGREEMENT_FILE, EngineAgreement, engine_key, measure
from interview_coach.offline.grader import OfflineGrader
from interview_coach.resources import prompt_path
from interview_coach.rubric import default_rubric

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT_DIR = ROOT / "evals" / "holdout"
HEADER = """\
# Measured agreement of each grading engine with the human labels of evals/holdout/
# (per criterion: quadratic weighted kappa, exact and within-one agreement on the 1-5 scale).
# Written by scripts/agreement_report.py; tests/test_agreement_report.py checks it is current.
# Shown in the chat scorecard footer and in the README. Engines missing here are "unmeasured".
"""


def engines() -> list[OfflineGrader]:
    return [OfflineGrader(), OfflineGrader(semantic=False)]


def table(results: dict[str, EngineAgreement]) -> str:
    rubric = default_rubric()
    keys = list(results)
    lines = [
        "| Criterion | " + " | ".join(f"QWK `{k}`" for k in keys) + " | Within 1 (default) |",
        "|---|" + "---:|" * (len(keys) + 1),
    ]
    first = results[keys[0]]
    for c in rubric.criteria:
        qwks = " | ".join(f"{results[k].criteria[c.id].qwk:.2f}" for k in keys)
        lines.append(f"| {c.name} | {qwks} | {first.criteria[c.id].within1:.0%} |")
    means = " | ".join(f"**{results[k].qwk_mean:.2f}**" for k in keys)
    lines.append(f"| **Mean** | {means} | {first.within1:.0%} |")
    bands = " | ".join(f"{results[k].band_accuracy:.0%}" for k in keys)
    lines.append(f"| Band accuracy | {bands} | |")
    return "\n".join(lines)


def main() -> None:
    results = {engine_key(g.info): measure(g, HOLDOUT_DIR) for g in engines()}
    body = {"engines": {k: v.model_dump() for k, v in results.items()}}
    path = prompt_path(AGREEMENT_FILE)
    path.write_text(HEADER + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    print(f"wrote {path}\n")
    print(table(results))


if __name__ == "__main__":
    main()
