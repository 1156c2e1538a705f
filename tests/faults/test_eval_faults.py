"""`interview-coach eval` against faults: failures counted by cause with the first error, an
early stop on a failure retrying cannot fix, a partial report on Ctrl-C, and a rerun after a
partial failure that calls the model again for the failures only."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import pytest

from conftest import BUDGET_S, SLACK_S
from fault_server import FaultServer
from interview_coach.cli import main

ANSWER = (
    "Thank you for having me. In my first year I want to master triage on the ward and learn "
    "from the senior nurses here. Later I hope to lead a small team, and I want to help this "
    "hospital give patients calmer, safer care."
)


def write_suite(path: Path, cases: int) -> Path:
    lines = ["suite: mini", "description: faults", "cases:"]
    for n in range(cases):
        lines += [
            f"  - id: case-{n}",
            "    split: dev",
            "    kind: strong",
            "    context: {role: Nurse}",
            f"    answer: {ANSWER} I have been a nurse for {n + 2} years.",
            "    assert: {overall_max: 90}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_eval(
    capsys: pytest.CaptureFixture[str], suite: Path, report: Path, *extra: str
) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(suite), "--output", str(report), *extra])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err, time.perf_counter() - started


@pytest.mark.parametrize(
    ("mode", "cause", "says", "requests_per_case"),
    [
        ("401", "auth", "rejected the API key", 1),
        ("404", "model not found", "does not know the model", 1),
        ("500", "server error", "internal error", 3),
        ("hang", "timeout", "did not answer in time", 1),
        ("truncated-json", "invalid output", "unusable even after one retry", 2),
        ("html", "server error", "not an OpenAI-compatible API response", 1),
    ],
)
def test_failures_are_counted_by_cause_with_the_first_error(
    mode: str,
    cause: str,
    says: str,
    requests_per_case: int,
    fault: FaultServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fault.default = mode
    suite = write_suite(tmp_path / "mini.yaml", 2)
    code, out, err, elapsed = run_eval(capsys, suite, tmp_path / "r.json", "--concurrency", "2")
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert fault.count() == 2 * requests_per_case
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["failures"]["by_cause"] == {cause: 2}
    assert says in report["failures"]["first_error"]
    assert f"Failed calls: 2 ({cause} 2)" in out
    assert says in out
    assert elapsed < BUDGET_S + SLACK_S + 2


def test_ten_identical_auth_failures_stop_the_run(
    fault: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fault.default = "401"
    suite = write_suite(tmp_path / "mini.yaml", 40)
    code, _, err, _ = run_eval(capsys, suite, tmp_path / "r.json", "--concurrency", "2")
    assert code == 1
    assert "stopped early: the first 10 calls all failed" in err
    assert "rejected the API key" in err
    assert fault.count() <= 12  # the 10, plus at most the calls already in flight
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["failures"]["partial"] is True
    assert "stopped early" in report["failures"]["stopped_early"]
    assert 10 <= len(report["predictions"]) <= 12


def test_server_errors_do_not_stop_the_run(
    fault: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 500 may pass: only failures retrying cannot fix end a run early."""
    fault.default = "404"
    fault.queue("500", "500", "500")
    suite = write_suite(tmp_path / "mini.yaml", 11)
    code, _, err, _ = run_eval(capsys, suite, tmp_path / "r.json", "--concurrency", "1")
    assert code == 1 and "stopped early" not in err
    assert len(json.loads((tmp_path / "r.json").read_text())["predictions"]) == 11


def test_a_rerun_after_a_partial_failure_retries_just_the_failures(
    fault: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = write_suite(tmp_path / "mini.yaml", 5)
    fault.queue("garbage", "out-of-range", "out-of-range")  # case 0 fails, case 1 fails twice
    run_eval(capsys, suite, tmp_path / "first.json", "--concurrency", "1")
    first = json.loads((tmp_path / "first.json").read_text())
    assert first["failures"]["by_cause"] == {"server error": 1, "invalid output": 1}
    assert fault.count() == 3 + 3
    fault.log.clear()
    run_eval(capsys, suite, tmp_path / "second.json", "--concurrency", "1")
    second = json.loads((tmp_path / "second.json").read_text())
    assert fault.count() == 2, "only the two failed cases are asked again"
    assert [p["status"] for p in second["predictions"]] == ["scored"] * 5
    assert second["failures"]["by_cause"] == {}


def test_ctrl_c_writes_a_partial_report_and_exits_130(
    fault: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real SIGINT, sent to the main thread once a few grades are done (asyncio.run turns it
    into KeyboardInterrupt, as it does for a person pressing Ctrl-C)."""
    # asyncio.run only turns SIGINT into a cancellation when the default handler is in place;
    # a handler leaked by another test would make this test lose the Ctrl-C, not the app.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    fault.default = "slow"
    suite = write_suite(tmp_path / "mini.yaml", 40)
    report = tmp_path / "r.json"
    main_thread = threading.main_thread().ident
    assert main_thread is not None
    sent_at: list[int] = []

    def interrupt() -> None:
        deadline = time.monotonic() + 60
        while fault.count() < 3:
            if time.monotonic() > deadline:
                return  # never sent: the assertion on `sent_at` says so
            time.sleep(0.01)
        sent_at.append(fault.count())
        # To the main thread itself: os.kill may hand a process signal to any thread, and
        # the main thread then only runs the handler when its event loop next wakes up.
        signal.pthread_kill(main_thread, signal.SIGINT)

    sender = threading.Thread(target=interrupt, daemon=True)
    sender.start()
    code, out, err, _ = run_eval(capsys, suite, report, "--concurrency", "1")
    sender.join(timeout=5)
    assert sent_at, "the fault server never logged 3 requests: SIGINT was not sent"
    assert code == 130, out + err
    assert "Traceback" not in out + err
    assert fault.count() <= sent_at[0] + 2, "the run went on after Ctrl-C"
    data = json.loads(report.read_text())
    assert data["failures"]["partial"] is True
    assert 2 <= len(data["predictions"]) < 40
    assert "Partial report" in out and "interrupted" in err
