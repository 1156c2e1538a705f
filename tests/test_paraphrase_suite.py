"""The paraphrase suite is a fair test of meaning over wording (issue 9): every paraphrase has
its original, carries the original's labels and context unchanged, says it in other words, and
keeps its length, so a change of grade between the two can only come from the wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.evals.suite import Case, load_suites

DEV = Path(__file__).resolve().parents[1] / "evals" / "dev"
ORIGINALS = {
    case.id: case
    for loaded in load_suites(
        [DEV / n for n in ("core.yaml", "core-extra.yaml", "core-third.yaml")]
    )
    for case in loaded.suite.cases
}
PARAPHRASES = [
    case
    for loaded in load_suites(sorted(DEV.glob("paraphrase-*.yaml")))
    for case in loaded.suite.cases
]


def test_every_labelled_core_dev_answer_has_one_paraphrase() -> None:
    assert sorted(c.id.removeprefix("pp-") for c in PARAPHRASES) == sorted(ORIGINALS)


@pytest.mark.parametrize("para", PARAPHRASES, ids=lambda c: c.id)
def test_a_paraphrase_keeps_the_labels_and_changes_the_words(para: Case) -> None:
    original = ORIGINALS[para.id.removeprefix("pp-")]
    assert para.expected == original.expected
    assert para.context == original.context
    assert para.kind == original.kind
    assert para.answer.strip() != original.answer.strip()
    ratio = len(para.answer.split()) / max(len(original.answer.split()), 1)
    assert 0.8 <= ratio <= 1.25
