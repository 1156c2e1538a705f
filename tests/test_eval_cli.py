"""`interview-coach eval` invoked through its real entry point: exit codes and what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _eval_fakes import ALL_FOUR, ALL_TWO, LabelGrader, case, write_suite
from interview_coach.cli.main import main
from interview_coach.evals import grading

TABLE = {"good": ALL_FOUR, "weak": ALL_TWO, "good again": ALL_FOUR}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("INTERVIEW_COACH_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INTERVIEW_COACH_GRADER__MODEL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> LabelGrader:
    grader = LabelGrader(TABLE)
    monkeypatch.setattr(grading, "build_eval_grader", lambda settings, cache: (grader, []))
    return grader


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", *args])
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def _suites(root: Path, **thresholds: float) -> Path:
    cases = [
        case("good-1", "good", ALL_FOUR, **{"assert": {"overall_min": 70}}),
        case("weak-1", "weak", ALL_TWO),
        case("good-2", "good again", ALL_FOUR, split="holdout"),
    ]
    extra = {"thresholds": thresholds} if thresholds else {}
    write_suite(root / "dev" / "core.yaml", cases, **extra)
    return root


def test_all_thresholds_hold_exit_0_with_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake: LabelGrader
) -> None:
    _suites(tmp_path / "evals", within1_min=0.9, assertion_pass_rate_min=1.0)
    code, out, err = run(
        capsys, "evals", "--output", "out/r.json", "--html", "out/r.html", "--concurrency", "2"
    )
    assert code == 0, out + err
    assert "Eval summary" in out and "All thresholds hold" in out
    assert "Traceback" not in out + err
    report = json.loads((tmp_path / "out" / "r.json").read_text())
    assert {p["case_id"] for p in report["predictions"]} == {"good-1", "weak-1", "good-2"}
    first = report["predictions"][0]
    assert {"scores", "overall", "band", "latency_s", "input_tokens", "flags", "warnings"} <= set(
        first
    )
    assert report["settings"]["grader"]["model"] == "offline"
    assert report["options"]["concurrency"] == 2
    html = (tmp_path / "out" / "r.html").read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html


def test_missed_threshold_exit_1_and_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    low = LabelGrader(TABLE, offset=-1)
    monkeypatch.setattr(grading, "build_eval_grader", lambda settings, cache: (low, []))
    _suites(tmp_path / "evals", exact_min=0.5, within1_min=0.9)
    code, out, _ = run(capsys, "evals")
    assert code == 1
    assert "MISSED" in out
    assert "threshold(s) missed: core/dev exact_min" in out
    assert "core/dev within1_min" not in out.split("missed:")[1]


def test_thresholds_file_per_engine_and_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake: LabelGrader
) -> None:
    root = _suites(tmp_path / "evals")
    (root / "thresholds.yaml").write_text(
        "llm:\n  core:\n    holdout: {band_accuracy_min: 1.0}\n"
        "offline:\n  core:\n    holdout: {max_unscored_missed: 0, qwk_min: 0.99}\n"
    )
    code, out, _ = run(capsys, str(root / "dev"), "--split", "holdout")
    assert code == 0
    assert "band_accuracy_min" in out and "qwk_min" not in out
    assert "weak-1" not in out


def test_split_with_no_cases_and_bad_dataset_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake: LabelGrader
) -> None:
    root = tmp_path / "evals"
    write_suite(root / "a.yaml", [case("c", "good", ALL_FOUR)])
    code, _, err = run(capsys, str(root), "--split", "holdout")
    assert code == 2 and "no cases with split 'holdout'" in err
    write_suite(root / "a.yaml", [case("c", "good", {"enthusiasm": 7})])
    code, out, err = run(capsys, str(root))
    assert code == 2
    assert "a.yaml: case 'c': expected.scores.enthusiasm" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((), "give at least one suite"),
        (("missing-folder",), "no such file or folder"),
        (("--concurrency", "0", "x"), "--concurrency"),
        (("--compare", "a.json"), "--compare"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], fake: LabelGrader, args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in out + err


def test_bad_config_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _suites(tmp_path / "evals")
    code, _, err = run(capsys, "evals", "--grader", "opnai:gpt-4o-mini")
    assert code == 2
    assert "did you mean 'openai'" in err


def test_missing_key_refuses_to_evaluate_the_fallback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _suites(tmp_path / "evals")
    code, _, err = run(capsys, "evals", "--grader", "openai:gpt-4o-mini")
    assert code == 2
    assert "cannot evaluate openai:gpt-4o-mini" in err


def test_compare_prints_improvements_and_regressions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _suites(tmp_path / "evals")
    for name, offset in (("old.json", -2), ("new.json", 0)):
        grader = LabelGrader(TABLE, offset=offset)
        monkeypatch.setattr(grading, "build_eval_grader", lambda s, c, g=grader: (g, []))
        run(capsys, "evals", "--output", name)
    code, out, _ = run(capsys, "--compare", "old.json", "new.json")
    assert code == 0
    lines = out.splitlines()
    exact = next(line for line in lines if line.startswith("│ all ") and " exact " in line)
    assert "improved" in exact and "+100.0%" in exact
    assert " 0 regressed" in out
    assert "Cases that moved most" in out
    moved = next(line for line in lines if "core/good-1" in line)
    assert "weak" in moved and "solid" in moved and "improved" in moved
    code, out, _ = run(capsys, "--compare", "new.json", "old.json")
    lines = out.splitlines()
    exact = next(line for line in lines if line.startswith("│ all ") and " exact " in line)
    assert "regressed" in exact and "-100.0%" in exact
    assert "regressed" in next(line for line in lines if "core/good-1" in line)


def test_compare_rejects_a_non_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.json").write_text("{}")
    code, _, err = run(capsys, "--compare", "x.json", "x.json")
    assert code == 2 and "not an interview-coach eval report" in err


def test_installed_command_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("interview-coach")
    if not exe.exists():
        pytest.skip("console script not installed")
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [str(exe), "eval", "nowhere"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert "nowhere: no such file or folder" in done.stderr


def test_llm_grader_rerun_is_served_from_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the real openai-compatible grader against a loopback stub."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from stub_server import start_stub

    write_suite(
        tmp_path / "evals" / "core.yaml",
        [
            case(
                f"c{i}",
                f"Thank you for having me. In my first year I want to learn {topic} "
                "well and deliver for the team; in five years I hope to lead a small group.",
            )
            for i, topic in enumerate(["testing", "billing", "support"])
        ],
    )
    base_url, stop = start_stub(0.0)
    try:
        args = ["evals", "--grader", "openai-compatible:stub", "--base-url", base_url]
        code, out, err = run(capsys, *args, "--repeat", "2", "--output", "cold.json")
        assert code == 0, out + err
        assert len(stop.requests) == 6
        code, _, _ = run(capsys, *args, "--repeat", "2", "--output", "warm.json")
        assert code == 0 and len(stop.requests) == 6
        code, out, err = run(capsys, *args, "--no-cache", "--output", "fresh.json")
        assert code == 0 and len(stop.requests) == 9, out + err
    finally:
        stop()
    cold = json.loads((tmp_path / "cold.json").read_text())
    warm = json.loads((tmp_path / "warm.json").read_text())
    assert cold["engine"]["provider"] == "openai-compatible"
    assert [p["scores"] for p in warm["predictions"]] == [p["scores"] for p in cold["predictions"]]
    assert all(p["status"] == "scored" for p in cold["predictions"])
    assert cold["totals"]["stability_sd"] == 0.0
