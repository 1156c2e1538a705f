"""A grader that fails must never look like a grader that agrees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interview_coach.evals.assertions import evaluate
from interview_coach.evals.suite import Assertions
from interview_coach.models import EngineInfo, Unscored

INFO = EngineInfo(engine="llm", provider="openai-compatible", model="x")
CEILINGS = Assertions(overall_max=30, criterion_max={"enthusiasm": 2})


def _unscored(code: str) -> Unscored:
    return Unscored(reason_code=code, reason="r", hint="h", engine=INFO)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["provider_error", "invalid_output"])
def test_a_failed_grading_keeps_no_ceiling(code: str) -> None:
    assert not any(r.passed for r in evaluate(CEILINGS, _unscored(code)))


@pytest.mark.parametrize("code", ["gibberish", "non_english"])
def test_an_answer_judged_unscorable_awards_nothing_so_keeps_ceilings(code: str) -> None:
    assert all(r.passed for r in evaluate(CEILINGS, _unscored(code)))


def test_eval_against_a_dead_server_exits_1(tmp_path: Path) -> None:
    suite = tmp_path / "mini.yaml"
    suite.write_text(
        """suite: mini
description: one answer
cases:
  - id: one
    split: dev
    kind: strong
    context: {role: Nurse}
    answer: Thank you for having me. In my first year I want to master triage on the ward.
    assert: {overall_max: 90}
""",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_coach.cli.main",
            "eval",
            str(suite),
            "--grader",
            "openai-compatible:x",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "INTERVIEW_COACH_GRADER__MAX_RETRIES": "0", "COLUMNS": "160"},
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "max_unscored_unexpected" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_stability_limit_applies_only_when_cases_were_repeated() -> None:
    from interview_coach.evals.thresholds import Thresholds, check

    limits = Thresholds(stability_sd_max=2.0)
    once = check(limits, {"stability_sd": None, "repeated_cases": 0})
    assert [c.applies for c in once] == [False] and once[0].passed
    shaky = check(limits, {"stability_sd": 5.0, "repeated_cases": 3})
    assert not shaky[0].passed
