"""The paraphrase suite is a fair test of meaning over wording (issue 9): every paraphrase has
its original, carries the original's labels and context unchanged, says it in other words, and
keeps its length, so a change of grade between the two can only come from the wording."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interview_coach.evals.suite import Case, load_suites

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import paraphrase_gap
from paraphrase_gap import DEV, SETS

ORIGINALS = {
    case.id: case
    for loaded in load_suites([DEV / n for n in paraphrase_gap.ORIGINALS])
    for case in loaded.suite.cases
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


def test_the_per_case_flag_listing_leaves_the_kept_back_sets_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`flag_check.py` prints case by case; a kept-back set is only ever measured as a whole."""
    import flag_check

    kept = sorted(flag_check.KEPT)
    assert len(kept) == 3 and not set(kept) & set(flag_check.DEFAULT)
    monkeypatch.setattr(sys, "argv", ["flag_check.py", str(kept[0])])
    with pytest.raises(SystemExit, match="kept-back"):
        flag_check.main()
