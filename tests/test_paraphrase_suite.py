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
# paraphrase set -> (file glob, id prefix): each set paraphrases every labelled core answer once
SETS = {
    "pp": ("paraphrase-*.yaml", "pp-"),
    "pp2": ("paraphrase2-*.yaml", "pp2-"),
    "pp3": ("paraphrase3-*.yaml", "pp3-"),
    "pp4": ("paraphrase4-*.yaml", "pp4-"),
    "pp5": ("paraphrase5-*.yaml", "pp5-"),
    "pp6": ("paraphrase6-*.yaml", "pp6-"),
}


def cases(pattern: str) -> list[Case]:
    files = sorted(DEV.glob(pattern))
    return [case for loaded in load_suites(files) for case in loaded.suite.cases] if files else []


PARAPHRASES = [(prefix, case) for pattern, prefix in SETS.values() for case in cases(pattern)]


@pytest.mark.parametrize(("pattern", "prefix"), list(SETS.values()), ids=list(SETS))
def test_every_labelled_core_dev_answer_has_one_paraphrase_per_set(
    pattern: str, prefix: str
) -> None:
    assert sorted(c.id.removeprefix(prefix) for c in cases(pattern)) == sorted(ORIGINALS)


@pytest.mark.parametrize(("prefix", "para"), PARAPHRASES, ids=lambda x: getattr(x, "id", ""))
def test_a_paraphrase_keeps_the_labels_and_changes_the_words(prefix: str, para: Case) -> None:
    assert para.id.startswith(prefix)
    original = ORIGINALS[para.id.removeprefix(prefix)]
    assert para.expected == original.expected
    assert para.context == original.context
    assert para.kind == original.kind
    assert para.answer.strip() != original.answer.strip()
    ratio = len(para.answer.split()) / max(len(original.answer.split()), 1)
    assert 0.8 <= ratio <= 1.25
