"""The published agreement figures (prompts/engine_agreement.yaml, shown in the README and the
scorecard footer) are current: re-measuring the offline engines on evals/holdout/ gives the
same numbers. When a grader change moves them, re-run scripts/agreement_report.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.agreement import agreement_line, engine_key, load_agreement, measure
from interview_coach.models import EngineInfo
from interview_coach.offline.grader import OfflineGrader
from interview_coach.rubric import default_rubric

HOLDOUT = Path(__file__).resolve().parents[1] / "evals" / "holdout"
STALE = "stale: run scripts/agreement_report.py and update the README table"


@pytest.mark.parametrize("semantic", [True, False], ids=["semantic-v1", "rules-v1"])
def test_committed_agreement_matches_a_fresh_measurement(semantic: bool) -> None:
    grader = OfflineGrader(semantic=semantic)
    committed = load_agreement()[engine_key(grader.info)]
    fresh = measure(grader, HOLDOUT)
    assert fresh.model_dump(exclude={"measured_on"}) == committed.model_dump(
        exclude={"measured_on"}
    ), STALE


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
