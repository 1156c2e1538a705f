"""The second labeller's file (evals/labellers/) still names dev answers of the core suites, and
each band it gives follows from its scores as the rubric derives bands, so the agreement table in
evals/README.md can be recomputed with scripts/labeller_agreement.py."""

from __future__ import annotations

import json
from pathlib import Path

from interview_coach.evals.suite import load_suites
from interview_coach.rubric import default_rubric

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "evals" / "labellers" / "core-dev-second.json"
SUITES = [ROOT / "evals" / "dev" / f for f in ("core.yaml", "core-extra.yaml", "core-third.yaml")]


def test_the_second_labels_name_labelled_dev_answers_and_derive_their_bands() -> None:
    cases = json.loads(SECOND.read_text(encoding="utf-8"))["cases"]
    dev = {
        c.id: c
        for loaded in load_suites(SUITES)
        for c in loaded.suite.cases
        if c.split == "dev" and c.expected is not None
    }
    rubric = default_rubric()
    assert len(cases) == 40
    for case in cases:
        assert case["id"] in dev, case["id"]
        assert set(case["scores"]) == set(rubric.ids)
        assert str(rubric.band(rubric.overall(case["scores"]))) == case["band"], case["id"]
