"""The CLI, invoked as a user would: exit codes, output, JSON schema, and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run
from interview_coach.models import GradeReport, Unscored

GOOD = (
    "Thank you so much for the opportunity; I've admired how Acme Health uses data to cut "
    "hospital readmissions. In the next year I want to become the analyst the care teams rely"
    " on, owning the weekly readmission dashboards and getting fluent in your SQL and Python "
    "stack. Longer term I would like to lead analytics projects that shape clinical "
    "decisions. I learn fast from reviews and I'd love to learn from your senior data "
    "scientists. Above all I'm committed to turning data into better outcomes for Acme's "
    "patients."
)
FAKE_KEY = "fake-key-for-tests-cli-never-shown-0123456789"


def test_grade_json_is_a_grade_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["grade", GOOD, "--company", "Acme Health", "--json"], capsys)
    assert code == 0, err
    report = GradeReport.model_validate_json(out)
    assert len(report.criteria) == 9
    assert report.engine.engine == "offline"
    for c in report.criteria:
        for quote in c.evidence:
            assert quote in GOOD


def test_grade_table_shows_every_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["grade", GOOD], capsys)
    assert code == 0
    for name in ("Enthusiasm", "Short-term goals", "Alignment", "Concise", "Overall"):
        assert name in out


def test_grade_from_file_and_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answer.txt"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(["grade", "--file", str(path), "--json"], capsys)
    assert code == 0
    from_file = GradeReport.model_validate_json(out)
    proc = subprocess.run(
        [sys.executable, "-m", "interview_coach.cli.main", "grade", "-", "--json"],
        input=GOOD,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert GradeReport.model_validate_json(proc.stdout).overall == from_file.overall


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("   ", "empty"),
        ("Quiero crecer en su empresa y aprender mucho con el equipo de trabajo", "non_english"),
        ("qwjkl zxcvb asdfgh hjkl", "gibberish"),
        ("blah " + "word " * 1600, "too_long"),
    ],
)
def test_unscorable_answer_exits_1_with_reason(
    answer: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["grade", answer, "--json"], capsys)
    assert code == 1
    outcome = Unscored.model_validate_json(out)
    assert outcome.reason_code == reason
    assert "unscored" in err and "Traceback" not in err


def test_binary_file_is_unscored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answer.bin"
    path.write_bytes(bytes(range(256)) * 4)
    code, _, err = run(["grade", "--file", str(path)], capsys)
    assert code == 1
    assert "binary" in err


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["grade", "--file", str(tmp_path / "nope.txt")], capsys)
    assert code == 2
    assert "file not found" in err and "Traceback" not in err


def test_unknown_option_and_bad_config_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["grade", GOOD, "--no-such-flag"], capsys)
    assert code == 2 and "no-such-flag" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("followups = 7\n", encoding="utf-8")
    code, _, err = run(["grade", GOOD, "--config", str(bad)], capsys)
    assert code == 2 and "followups" in err and "Traceback" not in err


def test_config_masks_secrets_and_names_sources(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    code, out, _ = run(["config", "--json", "--grader", "offline"], capsys)
    assert code == 0
    assert FAKE_KEY not in out
    rows = json.loads(out)
    assert rows["openai_api_key"] == {"value": "**********", "source": "env"}
    assert rows["grader.model"]["source"] == "cli"
    assert rows["followups"]["source"] == "default"
    code, out, _ = run(["config"], capsys)
    assert code == 0 and FAKE_KEY not in out


def test_practice_in_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    script = "I want to earn more money.\n\n/feedback\n"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_coach.cli.main",
            "practice",
            "--seed",
            "3",
            "--role",
            "Data Analyst",
            "--company",
            "Acme Health",
        ],
        input=script,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Data Analyst" in proc.stdout
    assert "Scorecard" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_history_shows_user_text_with_brackets_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Roles and companies are user text: '[/bold]' must print, not be read as markup."""
    import asyncio

    from history_fill import save_graded, with_store
    from interview_coach.models import InterviewContext
    from interview_coach.offline import OfflineGrader

    db = tmp_path / "h.sqlite3"
    context = InterviewContext(role="[/bold] engineer", company="[red]Acme")
    outcome = asyncio.run(OfflineGrader().grade(GOOD, context))
    with_store(db, lambda store: save_graded(store, outcome, GOOD, context))
    code, out, err = run(["history", "--history-db", str(db)], capsys)
    assert code == 0, err
    assert "[/bold] engineer" in out and "[red]Acme" in out


def test_practice_survives_a_failing_ai_interviewer() -> None:
    """The model server is down: the candidate is told, the offline interviewer takes over,
    and the answers typed so far still get a scorecard."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_coach.cli.main",
            "practice",
            "--interviewer",
            "openai-compatible:llama3",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--seed",
            "1",
        ],
        input="I want to earn more money.\n\n/feedback\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "INTERVIEW_COACH_INTERVIEWER__MAX_RETRIES": "0"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "The AI interviewer failed" in proc.stdout
    assert "Scorecard" in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["config", "--grader", "opena:gpt-4o"], "did you mean 'openai'"),
        (["web", "--grader", "openai-compatible:llama3", "--port", "1"], "needs a base_url"),
        (["web", "--interviewer", "bogus:x", "--port", "1"], "interviewer.model"),
    ],
)
def test_bad_model_settings_fail_before_anything_starts(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert needle in err and "Traceback" not in err
