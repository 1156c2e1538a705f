"""The published agreement figures (prompts/engine_agreement.yaml, shown in the README and the
scorecard footer) are current: re-measuring the offline engines on evals/holdout/ gives the
same numbers. When a grader change moves them, re-run scripts/agreement_report.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interview_coach.agreement import agreement_line, engine_key, load_agreement, measure
from interview_coach.models import EngineInfo
from interview_coach.offline.grader import OfflineGrader
from interview_coach.rubric import default_rubric

HOLDOUT = Path(__file__).resolve().parents[1] / "evals" / "holdout"
STALE = "stale: run scripts/agreement_report.py and update the README table"
# onnxruntime's int8 kernels differ by CPU (AVX2 saturates where AVX-512 VNNI does not), so the
# semantic engine's figures may move in the second decimal from one machine to another; a grader
# change moves them further. The rules engine is plain Python and must match exactly.
SEMANTIC_TOLERANCE = 0.02


def _differences(fresh: Any, committed: Any, tolerance: float, path: str = "") -> list[str]:
    if isinstance(fresh, dict) and isinstance(committed, dict):
        if fresh.keys() != committed.keys():
            return [f"{path}: keys {sorted(fresh)} != {sorted(committed)}"]
        return [
            d
            for key in fresh
            for d in _differences(fresh[key], committed[key], tolerance, f"{path}.{key}")
        ]
    if isinstance(fresh, float) and isinstance(committed, float):
        return (
            []
            if abs(fresh - committed) <= tolerance + 1e-9
            else [f"{path}: {fresh} != {committed}"]
        )
    return [] if fresh == committed else [f"{path}: {fresh!r} != {committed!r}"]


@pytest.mark.parametrize("semantic", [True, False], ids=["semantic-v1", "rules-v1"])
def test_committed_agreement_matches_a_fresh_measurement(semantic: bool) -> None:
    grader = OfflineGrader(semantic=semantic)
    committed = load_agreement()[engine_key(grader.info)]
    fresh = measure(grader, HOLDOUT)
    tolerance = SEMANTIC_TOLERANCE if semantic else 0.0
    differences = _differences(
        fresh.model_dump(exclude={"measured_on"}),
        committed.model_dump(exclude={"measured_on"}),
        tolerance,
    )
    assert not differences, f"{STALE}: {differences}"


def test_tolerance_still_catches_a_moved_figure() -> None:
    committed = {"qwk_mean": 0.80, "criteria": {"enthusiasm": {"n": 59, "qwk": 0.84}}}
    assert not _differences(committed, committed, SEMANTIC_TOLERANCE)
    nudged = {"qwk_mean": 0.81, "criteria": {"enthusiasm": {"n": 59, "qwk": 0.84}}}
    assert not _differences(nudged, committed, SEMANTIC_TOLERANCE)
    moved = {"qwk_mean": 0.80, "criteria": {"enthusiasm": {"n": 59, "qwk": 0.79}}}
    assert _differences(moved, committed, SEMANTIC_TOLERANCE) == [
        ".criteria.enthusiasm.qwk: 0.79 != 0.84"
    ]
    assert _differences(nudged, committed, 0.0)


def test_readme_table_shows_the_committed_figures() -> None:
    readme = (HOLDOUT.parents[1] / "README.md").read_text(encoding="utf-8")
    semantic = load_agreement()["offline:semantic-v1"]
    assert f"**{semantic.qwk_mean:.2f}**" in readme, STALE
    for cid, a in semantic.criteria.items():
        assert a.qwk is not None
        assert f"| {default_rubric().get(cid).name} | {a.qwk:.2f} |" in readme, f"{cid}: {STALE}"


def test_agreement_line_states_the_figures_or_unmeasured() -> None:
    offline = OfflineGrader().info
    line = agreement_line(offline)
    assert f"{load_agreement()['offline:semantic-v1'].qwk_mean:.2f}" in line
    assert "held-out" in line
    llm = EngineInfo(engine="llm", provider="openai", model="gpt-4o-mini")
    assert "unmeasured" in agreement_line(llm)
