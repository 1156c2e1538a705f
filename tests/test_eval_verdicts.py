"""Good-vs-bad AUC on verdict-labelled answers: the statistic, the metrics, the split, the CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from _eval_fakes import ALL_FOUR, ALL_TWO, LabelGrader, case, write_suite
from interview_coach.cli.main import main
from interview_coach.evals import grading
from interview_coach.evals import metrics as m
from interview_coach.evals.real_split import PINNED_TAG, assign_splits, mismatches
from interview_coach.evals.runner import Prediction
from interview_coach.evals.suite import Case, SuiteError, load_suite
from interview_coach.evals.verdicts import verdict_metrics


def _pairwise(pos: list[float], neg: list[float]) -> float:
    """The definition, pair by pair: an independent check on the rank-based implementation."""
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def test_auc_extremes_and_chance() -> None:
    assert m.auc([3, 4, 5], [0, 1, 2]) == 1.0
    assert m.auc([0, 1, 2], [3, 4, 5]) == 0.0
    assert m.auc([7, 7], [7, 7, 7]) == 0.5
    assert m.auc([], [1.0]) is None and m.auc([1.0], []) is None


def test_auc_counts_a_tie_as_one_half() -> None:
    # pairs: (1,1) tie = 0.5, (1,0) = 1, (2,1) = 1, (2,0) = 1 -> 3.5 / 4
    assert m.auc([1, 2], [1, 0]) == pytest.approx(0.875)
    # ties across several values at once: (5,5) .5 (5,3) 1 (3,5) 0 (3,3) .5 -> 2 / 4
    assert m.auc([5, 3], [5, 3]) == pytest.approx(0.5)


def test_auc_matches_the_pairwise_definition_on_tied_random_data() -> None:
    rng = random.Random(7)
    for _ in range(50):
        pos = [float(rng.randint(0, 6)) for _ in range(rng.randint(1, 12))]
        neg = [float(rng.randint(0, 6)) for _ in range(rng.randint(1, 12))]
        assert m.auc(pos, neg) == pytest.approx(_pairwise(pos, neg))
        assert m.auc(neg, pos) == pytest.approx(1 - _pairwise(pos, neg))


def _pred(
    verdict: str | None, overall: int | None, words: int, status: str = "scored"
) -> Prediction:
    return Prediction(
        suite="real",
        case_id=f"c{random.random()}",
        split="dev",
        kind="real",
        status=status,  # type: ignore[arg-type]
        overall=overall,
        verdict=verdict,
        word_count=words,
    )


def test_verdict_metrics_exclude_mixed_and_unscored_and_split_at_25_words() -> None:
    preds = [
        _pred("good", 80, 40),
        _pred("good", 30, 5),
        _pred("bad", 30, 26),
        _pred("bad", 20, 25),  # exactly 25 words: not in the long subset
        _pred("mixed", 99, 60),
        _pred("good", None, 70, status="unscored"),
        _pred(None, 10, 3),  # an ordinary labelled case: ignored here
    ]
    got = verdict_metrics(preds)
    assert got["verdict_labelled_runs"] == 5 and got["verdict_unscored"] == 1
    assert got["verdict_mixed"] == 1
    assert (got["verdict_good"], got["verdict_bad"]) == (2, 2)
    # score: (80>30, 80>20, 30=30 half, 30>20) = 3.5/4; words: (40>26, 40>25, 5<26, 5<25) = 2/4
    assert got["auc"] == pytest.approx(0.875)
    assert got["auc_words"] == pytest.approx(0.5)
    assert got["auc_gain"] == pytest.approx(0.375)
    assert (got["verdict_good_long"], got["verdict_bad_long"]) == (1, 1)
    assert got["auc_long"] == 1.0 and got["auc_words_long"] == 1.0


def test_verdict_metrics_without_verdicts_are_undefined_not_zero() -> None:
    got = verdict_metrics([_pred(None, 50, 10)])
    assert got["verdict_labelled_runs"] == 0
    assert got["auc"] is None and got["auc_words"] is None and got["auc_gain"] is None


def _real(case_id: str, url: str, verdict: str, *tags: str) -> Case:
    return Case.model_validate(
        {
            "id": case_id,
            "split": "dev",
            "kind": "real",
            "tags": list(tags),
            "answer": "an answer",
            "verdict": verdict,
            "source": {"url": url, "title": "t", "text": "paraphrased"},
        }
    )


def test_split_keeps_pages_whole_pins_issue_pages_and_stratifies() -> None:
    cases = []
    for page in range(30):
        verdict = ["good", "bad", "mixed"][page % 3]
        for n in range(1 + page % 4):
            cases.append(_real(f"p{page}-{n}", f"https://site{page}.example/", verdict))
    cases.append(_real("pinned-1", "https://pinned.example/", "bad", PINNED_TAG))
    cases.append(_real("pinned-2", "https://pinned.example/", "bad"))
    splits = assign_splits(cases, seed=3, holdout_share=0.4)
    assert splits["https://pinned.example/"] == "dev"
    assert splits == assign_splits(cases, seed=3, holdout_share=0.4)
    assert splits != assign_splits(cases, seed=4, holdout_share=0.4)
    for verdict in ("good", "bad", "mixed"):
        group = [c for c in cases if c.verdict == verdict]
        held = sum(splits[c.source.url] == "holdout" for c in group if c.source)
        assert abs(held / len(group) - 0.4) <= 0.15, verdict
    for c in cases:
        c.split = splits[c.source.url] if c.source else "dev"
    assert mismatches(cases, seed=3) == []
    cases[0].split = "holdout" if cases[0].split == "dev" else "dev"
    assert len(mismatches(cases, seed=3)) == 1


def test_a_verdict_needs_its_source(tmp_path: Path) -> None:
    bare = case("v1", "x", kind="real", verdict="good")
    with pytest.raises(SuiteError, match="needs its source"):
        load_suite(write_suite(tmp_path / "a.yaml", [bare], name="real"))
    wrong = case(
        "v2",
        "x",
        kind="real",
        verdict="great",
        source={"url": "https://a.example/", "title": "t", "text": "paraphrased"},
    )
    with pytest.raises(SuiteError, match="v2"):
        load_suite(write_suite(tmp_path / "b.yaml", [wrong], name="real"))


GOOD_LONG = "good " + "word " * 29  # 30 words
BAD_LONG = "bad " + "word " * 39  # 40 words


@pytest.fixture
def verdict_grader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LabelGrader:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("INTERVIEW_COACH_CACHE_DIR", str(tmp_path / "cache"))
    table = {
        GOOD_LONG.strip(): ALL_FOUR,
        "good short": ALL_TWO,
        BAD_LONG.strip(): ALL_TWO,
        "bad short one": ALL_TWO,
        "so so": ALL_FOUR,
        "labelled": ALL_FOUR,
    }
    grader = LabelGrader(table, engine="offline")
    monkeypatch.setattr(grading, "build_eval_grader", lambda settings, cache: (grader, []))
    return grader


def _verdict_suite(root: Path, **thresholds: float) -> None:
    src = {"url": "https://a.example/", "title": "A page", "text": "paraphrased"}
    cases = [
        case("g1", GOOD_LONG, kind="real", verdict="good", source=src),
        case("g2", "good short", kind="real", verdict="good", source=src),
        case("b1", BAD_LONG, kind="real", verdict="bad", source=src),
        case("b2", "bad short one", kind="real", verdict="bad", source=src),
        case("m1", "so so", kind="real", verdict="mixed", source=src),
    ]
    extra = {"thresholds": thresholds} if thresholds else {}
    write_suite(root / "real" / "dev.yaml", cases, name="real", **extra)
    write_suite(root / "core.yaml", [case("l1", "labelled", ALL_FOUR)])


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", *args])
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out + err


def test_eval_cli_reports_auc_word_baseline_and_long_subset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verdict_grader: LabelGrader
) -> None:
    _verdict_suite(tmp_path / "evals")
    code, out = _run(capsys, "evals", "--output", "r.json", "--html", "r.html")
    assert code == 0, out
    # score AUC: good (75, 25) vs bad (25, 25) = 3/4; words: (30, 2) vs (40, 3) = 1/4;
    # more than 25 words: one good (75, 30 w) vs one bad (25, 40 w) = 1.0 and 0.0.
    section = out.split("Good vs bad", 1)[1]
    row = next(line for line in section.splitlines() if line.strip().startswith("real"))
    assert row.split()[2:] == [
        "2", "2", "0.75", "0.25", "+0.50", "1", "1", "1.00", "0.00", "1", "0"
    ]  # fmt: skip
    totals = json.loads((tmp_path / "r.json").read_text())["totals"]
    assert totals["auc"] == pytest.approx(0.75) and totals["auc_words"] == pytest.approx(0.25)
    assert totals["auc_long"] == 1.0 and totals["auc_words_long"] == 0.0
    assert totals["band_labelled_runs"] == 1 and totals["band_accuracy"] == 1.0
    assert totals["score_labelled_runs"] == 1 and totals["qwk_mean"] == pytest.approx(1.0)
    html = (tmp_path / "r.html").read_text()
    assert "Good vs bad (source verdicts)" in html and "<td>+0.50</td>" in html


def test_auc_threshold_is_checked_and_missed_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verdict_grader: LabelGrader
) -> None:
    _verdict_suite(tmp_path / "evals", auc_min=0.8, auc_gain_min=0.4)
    code, out = _run(capsys, "evals")
    assert code == 1, out
    assert "auc_min" in out and "MISSED" in out and "real/dev auc_min" in out
    assert "real/dev auc_gain_min" not in out  # 0.50 >= 0.4 holds


def test_a_later_batch_never_moves_earlier_pages() -> None:
    first = [
        _real(f"p{page}-{n}", f"https://site{page}.example/", ["good", "bad"][page % 2])
        for page in range(20)
        for n in range(1 + page % 3)
    ]
    before = assign_splits(first, seed=5)
    later = [
        _real(f"q{page}", f"https://later{page}.example/", "bad", "batch-2") for page in range(10)
    ]
    after = assign_splits(first + later, seed=5)
    assert {u: s for u, s in after.items() if u in before} == before
    assert sum(after[f"https://later{page}.example/"] == "holdout" for page in range(10)) == 4
    mixed_batches = [
        _real("x1", "https://x.example/", "bad"),
        _real("x2", "https://x.example/", "bad", "batch-2"),
    ]
    with pytest.raises(ValueError, match="several batches"):
        assign_splits(mixed_batches)


def test_compare_reports_the_auc_change(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    verdict_grader: LabelGrader,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _verdict_suite(tmp_path / "evals")
    assert _run(capsys, "evals", "--output", "old.json")[0] == 0
    better = LabelGrader({**verdict_grader.table, "good short": ALL_FOUR}, engine="offline")
    monkeypatch.setattr(grading, "build_eval_grader", lambda settings, cache: (better, []))
    assert _run(capsys, "evals", "--output", "new.json")[0] == 0
    code, out = _run(capsys, "--compare", "old.json", "new.json")
    assert code == 0, out
    row = next(line for line in out.splitlines() if "real/dev" in line and " auc " in line)
    assert "0.75" in row and "1.00" in row and "improved" in row
