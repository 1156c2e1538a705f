"""Unseen wording: score each dev labeller's file with a semantic classifier fitted without it.

The exemplar bank (`prompts/offline_exemplars.yaml`) was written from the guide, not from the
eval files, but a few exemplars were added after looking at a false flag on a dev file; they
carry a `# dev:<file>` comment. For each dev file this drops the exemplars tagged with it, refits
the classifier, and grades that file, next to the default engine and the rules-only engine.
(The rules and the semantic thresholds were tuned on all of dev, so they are not unseen.)

    python scripts/unseen_wording.py
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import yaml
from fit_semantic import fit_logistic, rows_of, without_dev_lines
from rich.console import Console
from rich.table import Table

from interview_coach.evals.runner import items_of, run_cases
from interview_coach.evals.suite import load_suites
from interview_coach.evals.summary import summarize
from interview_coach.offline.embedder import default_embedder
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.semantic import BANK_FILE, Classifier, SemanticReader
from interview_coach.resources import prompt_path

DEV = Path(__file__).resolve().parents[1] / "evals" / "dev"
FILES = ("core.yaml", "core-extra.yaml", "core-third.yaml")


def classifier_without(tag: str | None) -> tuple[Classifier, int]:
    """The classifier refitted without the exemplars tagged `# dev:<tag>` (any tag if None)."""
    text, dropped = without_dev_lines(prompt_path(BANK_FILE).read_text(encoding="utf-8"), tag)
    labels, texts, y = rows_of(yaml.safe_load(text))
    x = default_embedder().embed_many(texts).astype(np.float64)
    w, b = fit_logistic(x, y)
    clf = Classifier(tuple(labels), w, b, x.astype(np.float32), y, "")
    return clf, dropped


def scores(grader: OfflineGrader, path: Path) -> dict[str, float | None]:
    items = items_of(load_suites([path]), split="dev")
    totals = summarize(asyncio.run(run_cases(items, grader, concurrency=1)))
    return {k: totals.get(k) for k in ("band_accuracy", "within1", "qwk_mean")}  # type: ignore[misc]


def main() -> None:
    table = Table(title="Unseen wording: each dev file, classifier fitted without it")
    for col in ("file", "engine", "dropped", "band acc", "within 1", "QWK"):
        table.add_column(col)
    for name in FILES:
        path = DEV / name
        clf, dropped = classifier_without(path.stem)
        rows = {
            "semantic, fitted without this file": (
                OfflineGrader(reader=SemanticReader(clf=clf)),
                str(dropped),
            ),
            "semantic, default": (OfflineGrader(), "0"),
            "rules only": (OfflineGrader(semantic=False), "-"),
        }
        for engine, (grader, n) in rows.items():
            m = scores(grader, path)
            table.add_row(name, engine, n, *(f"{m[k]:.2f}" if m[k] is not None else "-" for k in m))
    Console().print(table)


if __name__ == "__main__":
    main()
