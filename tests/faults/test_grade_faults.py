"""`interview-coach grade` against every fault: exit code, requests made, the answer kept in
the JSON, no traceback, and the time within the call's budget."""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass

import pytest

from conftest import BUDGET_S, SLACK_S
from fault_server import FaultServer
from interview_coach.cli import main
from test_cli import GOOD


@dataclass(frozen=True)
class Expect:
    code: int
    grade_requests: int
    says: str = ""
    budget_s: float = BUDGET_S
    """A reset comes with no Retry-After, so the client's own backoff (about 0.5 s, then 1 s)
    applies: these cases get the budget that lets both retries happen."""


# Each fault on every request. 5xx and resets are retried twice (3 requests); an unusable grade
# gets one repair (2); auth, unknown model and context length are not retried (1).
EVERY_REQUEST = {
    "500": Expect(1, 3, "internal error"),
    "503": Expect(1, 3, "internal error"),
    "401": Expect(1, 1, "rejected the API key"),
    "404": Expect(1, 1, "does not know the model"),
    "400-context": Expect(1, 1, "context window"),
    "hang": Expect(1, 1, "did not answer in time"),
    "slow": Expect(0, 1),
    "truncated-json": Expect(1, 2, "unusable even after one retry"),
    "out-of-range": Expect(1, 2, "less than or equal to 5"),
    "missing-criteria": Expect(1, 2, "missing criteria"),
    "reset": Expect(1, 3, "model server", budget_s=3.0),
    "stream-cut": Expect(1, 3, "model server", budget_s=3.0),
    "garbage": Expect(1, 1, "not an OpenAI-compatible API response"),
    "html": Expect(1, 1, "not an OpenAI-compatible API response"),
    "huge": Expect(1, 2, "unusable even after one retry", budget_s=3.0),  # 2 x 5 MB to read
}


def _grade(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object], str, float]:
    started = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        main(["grade", GOOD, "--json"])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), json.loads(out), err, elapsed


@pytest.mark.parametrize("mode", sorted(EVERY_REQUEST))
def test_grade_under_a_fault(
    mode: str,
    fault: FaultServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault.default = mode
    expect = EVERY_REQUEST[mode]
    monkeypatch.setenv("INTERVIEW_COACH_GRADER__TIMEOUT", str(expect.budget_s))
    code, report, err, elapsed = _grade(capsys)
    assert code == expect.code, err
    assert fault.count("grade") == expect.grade_requests
    assert "Traceback" not in err
    assert elapsed < expect.budget_s + SLACK_S
    if expect.code == 1:
        assert report["status"] == "unscored"
        assert report["answer"] == GOOD
        assert expect.says in str(report["reason"])
        assert expect.says in err
    else:
        assert report["status"] == "scored"


def test_a_rate_limit_waits_for_retry_after_then_grades(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.queue("429")
    code, report, err, elapsed = _grade(capsys)
    assert code == 0, err
    assert report["status"] == "scored"
    assert fault.log[:2] == [("grade", "429"), ("grade", "ok")]
    assert 0.5 <= elapsed < BUDGET_S + SLACK_S


def test_one_server_error_is_retried_and_graded(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.queue("500", "503")
    code, report, _, _ = _grade(capsys)
    assert code == 0 and report["status"] == "scored"
    assert fault.count("grade") == 3


def test_a_rate_limit_longer_than_the_budget_fails_within_it(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.default = "429"
    code, report, _, elapsed = _grade(capsys)
    assert code == 1 and "did not answer in time" in str(report["reason"])
    assert elapsed < BUDGET_S + SLACK_S


def test_a_cut_off_rewrite_is_dropped_but_the_score_stands(
    fault: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.queue("ok", "huge", "huge")
    code, report, _, _ = _grade(capsys)
    assert code == 0 and report["status"] == "scored"
    assert report["rewrite"] == ""
    assert "rewrite_dropped" in [w["code"] for w in report["warnings"]]  # type: ignore[union-attr]


def test_an_unscored_piped_answer_is_shown_back(
    fault: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fault.default = "500"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    with pytest.raises(SystemExit) as exc:
        main(["grade"])
    out, err = capsys.readouterr()
    assert exc.value.code == 1
    assert "Your answer (kept)" in out
    assert " ".join(GOOD.split()[:6]) in " ".join(out.split())
    assert "Traceback" not in err
