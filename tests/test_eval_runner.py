"""The runner over a Grader: concurrency bound, repeats, assertions, metrics and reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from _eval_fakes import ALL_FOUR, ALL_TWO, LabelGrader, case, write_suite
from interview_coach.config import ModelPrice
from interview_coach.evals.report import build_report, read_report
from interview_coach.evals.report_html import band_confusion, render_html
from interview_coach.evals.runner import items_of, label_issues, run_cases
from interview_coach.evals.suite import load_suites
from interview_coach.evals.summary import summarize, worst_disagreements
from interview_coach.evals.thresholds import Thresholds
from interview_coach.llm_cache import current_repeat
from interview_coach.models import EngineInfo, GradeReport, InterviewContext
from interview_coach.rubric import default_rubric

MIXED = {**ALL_FOUR, "enthusiasm": 2, "specificity": 5, "conciseness": 3}


def _suite(tmp_path: Path, n: int = 6, **extra: object) -> Path:
    cases = [case(f"good-{i}", f"good {i}", ALL_FOUR) for i in range(n // 2)]
    cases += [case(f"weak-{i}", f"weak {i}", ALL_TWO) for i in range(n - n // 2)]
    return write_suite(tmp_path / "core.yaml", cases, **extra)


def _table(n: int = 6) -> dict[str, dict[str, int]]:
    table = {f"good {i}": ALL_FOUR for i in range(n // 2)}
    table.update({f"weak {i}": ALL_TWO for i in range(n - n // 2)})
    return table


async def test_concurrency_is_bounded_and_every_case_runs(tmp_path: Path) -> None:
    items = items_of(load_suites([_suite(tmp_path, 12)]))
    grader = LabelGrader(_table(12), delay=0.02)
    preds = await run_cases(items, grader, concurrency=3)
    assert grader.peak == 3
    assert [p.case_id for p in preds] == [i.case.id for i in items]
    assert all(p.latency_s >= 0.02 for p in preds)


async def test_repeats_run_each_case_k_times_under_its_repeat_index(tmp_path: Path) -> None:
    seen: list[int] = []

    class RecordingGrader(LabelGrader):
        async def grade(self, answer: str, context: InterviewContext):  # type: ignore[no-untyped-def]
            seen.append(current_repeat.get())
            return await super().grade(answer, context)

    items = items_of(load_suites([_suite(tmp_path, 4)]))
    preds = await run_cases(items, RecordingGrader(_table(4)), concurrency=2, repeat=3)
    assert len(preds) == 12
    assert sorted(seen) == [0] * 4 + [1] * 4 + [2] * 4
    assert [p.repeat for p in preds[:3]] == [0, 1, 2]
    assert summarize(preds)["stability_sd"] == 0.0


async def test_perfect_grader_scores_perfect_metrics(tmp_path: Path) -> None:
    items = items_of(load_suites([_suite(tmp_path)]))
    preds = await run_cases(items, LabelGrader(_table()))
    s = summarize(preds)
    assert s["qwk_mean"] == pytest.approx(1.0)
    assert s["exact"] == s["within1"] == s["band_accuracy"] == 1.0
    assert s["overall_mae"] == 0.0
    assert s["overall_spearman"] == pytest.approx(1.0)
    assert s["unscored_unexpected"] == 0


async def test_grader_one_point_low_is_within_one_but_never_exact(tmp_path: Path) -> None:
    items = items_of(load_suites([_suite(tmp_path)]))
    preds = await run_cases(items, LabelGrader(_table(), offset=-1))
    s = summarize(preds)
    assert s["exact"] == 0.0
    assert s["within1"] == 1.0
    assert s["mae"] == pytest.approx(1.0)
    rubric = default_rubric()
    expected_gap = rubric.overall(ALL_FOUR) - rubric.overall(dict.fromkeys(ALL_FOUR, 3))
    assert s["overall_mae"] == pytest.approx(expected_gap, abs=1)
    assert s["band_accuracy"] is not None and s["band_accuracy"] < 1.0
    worst = worst_disagreements(preds, limit=2)
    assert len(worst) == 2 and worst[0]["gaps"]["enthusiasm"] == -1


async def test_assertions_unscored_counts_flags_and_warnings(tmp_path: Path) -> None:
    cases = [
        case("pass-min", "good", ALL_FOUR, **{"assert": {"overall_min": 70}}),
        case("fail-max", "good2", None, **{"assert": {"overall_max": 40}}),
        case(
            "crit",
            "mixed",
            None,
            **{"assert": {"criterion_max": {"enthusiasm": 2}, "criterion_min": {"specificity": 5}}},
        ),
        case("flag", "mixed FLAG:money_only", None, **{"assert": {"flags": ["money_only"]}}),
        case("warn-missing", "mixed2", None, **{"assert": {"warning": "too_short"}}),
        case(
            "unscored-ok",
            "UNSCORED hola WARN:lang",
            None,
            **{"assert": {"unscored": True, "unscored_reason": "non_english", "warning": "lang"}},
        ),
        case("unscored-surprise", "UNSCORED oops", ALL_FOUR),
        case("should-be-unscored", "good3", None, **{"assert": {"unscored": True}}),
        case(
            "ceiling-unscored",
            "UNSCORED z",
            None,
            **{"assert": {"overall_max": 20, "criterion_max": {"enthusiasm": 1}}},
        ),
        case("floor-unscored", "UNSCORED w", None, **{"assert": {"overall_min": 20}}),
    ]
    path = write_suite(tmp_path / "a.yaml", cases)
    table = {
        "good": ALL_FOUR,
        "good2": ALL_FOUR,
        "good3": ALL_FOUR,
        "mixed": MIXED,
        "mixed FLAG:money_only": MIXED,
        "mixed2": MIXED,
    }
    preds = await run_cases(items_of(load_suites([path])), LabelGrader(table))
    by_id = {p.case_id: p for p in preds}
    passed = {cid: p.assertions_passed for cid, p in by_id.items() if p.assertions}
    assert passed == {
        "pass-min": True,
        "fail-max": False,
        "crit": True,
        "flag": True,
        "warn-missing": False,
        "unscored-ok": True,
        "should-be-unscored": False,
        "ceiling-unscored": True,
        "floor-unscored": False,
    }
    assert "want <= 40, got overall" in by_id["fail-max"].assertions[0].detail
    s = summarize(preds)
    assert s["assertion_pass_rate"] == pytest.approx(5 / 9)
    assert (s["unscored_expected"], s["unscored_unexpected"], s["unscored_missed"]) == (1, 3, 1)
    assert by_id["unscored-surprise"].unscored_reason == "non_english"


async def test_a_grader_that_raises_is_recorded_not_fatal(tmp_path: Path) -> None:
    class Broken(LabelGrader):
        async def grade(self, answer: str, context: InterviewContext) -> GradeReport:
            raise RuntimeError("boom")

    preds = await run_cases(items_of(load_suites([_suite(tmp_path, 2)])), Broken({}))
    assert [p.status for p in preds] == ["error", "error"]
    assert preds[0].error == "RuntimeError: boom"
    assert summarize(preds)["errors"] == 2


async def test_tokens_and_cost_use_the_price_table(tmp_path: Path) -> None:
    items = items_of(load_suites([_suite(tmp_path, 2)]))
    prices = {"fake:labels": ModelPrice(input=1.0, output=10.0)}
    preds = await run_cases(items, LabelGrader(_table(2)), prices=prices)
    s = summarize(preds)
    assert s["tokens_per_case"] == 1200
    assert s["cost_per_case_usd"] == pytest.approx((1000 * 1.0 + 200 * 10.0) / 1e6)
    unpriced = await run_cases(items, LabelGrader(_table(2)), prices={})
    assert summarize(unpriced)["cost_per_case_usd"] is None


async def test_split_filter_and_label_issues(tmp_path: Path) -> None:
    rubric = default_rubric()
    cases = [
        case("d", "good 0", ALL_FOUR),
        case("h", "weak 0", ALL_TWO, split="holdout"),
        case(
            "x",
            "good 1",
            None,
            expected={"scores": ALL_TWO, "band": "strong"},
            **{"assert": {"overall_min": 70}},
        ),
    ]
    suites = load_suites([write_suite(tmp_path / "s.yaml", cases)])
    assert [i.case.id for i in items_of(suites, "holdout")] == ["h"]
    issues = label_issues(items_of(suites), rubric)
    assert len(issues) == 2
    assert "core/x: expected band strong but the expected scores give overall 25 = weak" in issues


async def test_report_checks_thresholds_and_round_trips(tmp_path: Path) -> None:
    path = _suite(tmp_path, thresholds={"within1_min": 1.0, "qwk_min": 0.9})
    suites = load_suites([path])
    preds = await run_cases(items_of(suites), LabelGrader(_table(), offset=-1))
    table = {"*": {"core": {"dev": Thresholds(band_accuracy_min=0.1)}}}
    report = build_report(
        suites=suites,
        predictions=preds,
        settings={"grader": {"model": "fake:labels"}},
        engine=EngineInfo(engine="llm", provider="fake", model="labels"),
        options={"repeat": 1},
        table=table,
    )
    verdicts = {c["key"]: c["passed"] for c in report.groups[0].checks}
    assert verdicts == {
        "within1_min": True,
        "qwk_min": False,
        "band_accuracy_min": True,
        "max_unscored_unexpected": True,
    }
    assert not report.passed
    out = tmp_path / "r.json"
    report.write(out)
    again = read_report(out)
    assert again.predictions == report.predictions
    assert again.failed_checks[0][1]["key"] == "qwk_min"


async def test_html_report_is_self_contained(tmp_path: Path) -> None:
    suites = load_suites([_suite(tmp_path)])
    preds = await run_cases(items_of(suites), LabelGrader(_table(), offset=-1))
    report = build_report(
        suites=suites,
        predictions=preds,
        settings={},
        options={"repeat": 1},
        table=None,
        engine=EngineInfo(engine="llm", provider="fake", model="labels"),
    )
    html = render_html(report)
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org', "")
    assert "<script" not in html
    assert "quote for enthusiasm" in html
    matrix = band_confusion(report)
    assert sum(sum(row.values()) for row in matrix.values()) == len(preds)
    assert matrix["weak"]["weak"] == 3


async def test_threshold_without_labels_does_not_apply_but_unmeasurable_one_fails(
    tmp_path: Path,
) -> None:
    cases = [case("a", "UNSCORED x", ALL_FOUR), case("b", "UNSCORED y", None)]
    suites = load_suites(
        [
            write_suite(
                tmp_path / "s.yaml",
                cases,
                thresholds={"qwk_min": 0.5, "assertion_pass_rate_min": 1.0},
            )
        ]
    )
    preds = await run_cases(items_of(suites), LabelGrader({}))
    report = build_report(
        suites=suites,
        predictions=preds,
        settings={},
        options={},
        table=None,
        engine=EngineInfo(engine="llm", provider="fake", model="labels"),
    )
    checks = {c["key"]: c for c in report.groups[0].checks}
    assert checks["assertion_pass_rate_min"]["applies"] is False
    assert checks["assertion_pass_rate_min"]["passed"] is True
    assert checks["qwk_min"]["value"] is None and checks["qwk_min"]["passed"] is False
