"""The rubric is data derived from the guide: check it against the guide's own text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from interview_coach.models import Band
from interview_coach.rubric import CRITERION_IDS, default_rubric

GUIDE = Path(__file__).resolve().parents[2] / "shared" / "guide" / "career-aspirations-guide.txt"
STEPS = [
    "enthusiasm",
    "short_term_goals",
    "long_term_vision",
    "company_alignment",
    "learning_growth",
    "commitment",
]
QUALITIES = ["conciseness", "specificity", "sincerity_realism"]


def _norm(text: str) -> str:
    """Fold white space (the guide writes 'Company:Connect' without one) and case."""
    return re.sub(r"\s+", "", text).lower()


@pytest.fixture(scope="module")
def guide() -> str:
    if not GUIDE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the guide is missing at {GUIDE}")
        pytest.skip(f"the guide is not beside this checkout ({GUIDE})")
    return _norm(GUIDE.read_text(encoding="utf-8"))


def test_nine_criteria_in_the_guides_order() -> None:
    rubric = default_rubric()
    assert rubric.ids == CRITERION_IDS
    assert [c.id for c in rubric.criteria if c.kind == "step"] == STEPS
    assert [c.id for c in rubric.criteria if c.kind == "quality"] == QUALITIES
    steps = [c.step for c in rubric.criteria if c.kind == "step"]
    assert steps == sorted(steps), "steps must follow the guide's order"


def test_every_criterion_quotes_the_guide(guide: str) -> None:
    for criterion in default_rubric().criteria:
        fragments = [f for f in re.split(r"\.\.\.", criterion.guide) if f.strip()]
        for fragment in fragments:
            assert _norm(fragment) in guide, f"{criterion.id}: {fragment!r} is not in the guide"


def test_anchors_and_weights() -> None:
    for criterion in default_rubric().criteria:
        assert sorted(criterion.descriptors) == [1, 2, 3, 4, 5]
        assert len(set(criterion.descriptors.values())) == 5
        assert criterion.weight > 0


def test_overall_and_bands_are_computed_from_scores() -> None:
    rubric = default_rubric()
    assert rubric.overall(dict.fromkeys(CRITERION_IDS, 5)) == 100
    assert rubric.overall(dict.fromkeys(CRITERION_IDS, 1)) == 0
    assert rubric.overall(dict.fromkeys(CRITERION_IDS, 3)) == 50
    heavier = dict.fromkeys(CRITERION_IDS, 3) | {"company_alignment": 5}
    lighter = dict.fromkeys(CRITERION_IDS, 3) | {"conciseness": 5}
    assert rubric.overall(heavier) > rubric.overall(lighter), "weights must matter"
    assert rubric.band(100) == Band.strong
    assert rubric.band(0) == Band.weak
    assert [rubric.band(b.min_overall) for b in rubric.bands] == [b.id for b in rubric.bands]


def test_overall_refuses_missing_scores() -> None:
    with pytest.raises(ValueError, match="missing"):
        default_rubric().overall({"enthusiasm": 5})


def test_llm_output_schema_names_the_rubrics_criteria() -> None:
    """The structured-output schema spells the ids as a Literal; it must follow the rubric."""
    from typing import get_args

    from interview_coach.chains.schema import CriterionId

    assert get_args(CriterionId) == CRITERION_IDS
