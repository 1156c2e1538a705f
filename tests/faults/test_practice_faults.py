"""`interview-coach practice` against every fault (on every request): the interview goes on
(offline interviewer when the AI one fails), exit 1 when the answer cannot be scored, the
attempt saved to history either way, no traceback, time within the budgets."""

from __future__ import annotations

import io
import time

import pytest

from conftest import BUDGET_S, SLACK_S
from fault_server import MODES, FaultServer
from history_fill import with_store
from interview_coach.cli import main
from interview_coach.config import load_settings
from test_cli import GOOD

# Interviewer turns asked for (opening, closing): 5xx retried twice, then offline; a cut-off
# stream (stream-cut, or an HTML page read as an empty stream) asked once more, then offline.
TURNS = {"500": 3, "503": 3, "429": 2, "401": 1, "404": 1, "400-context": 1, "hang": 1}
TURNS |= {"reset": 1, "garbage": 1, "stream-cut": 2, "html": 2}
GRADED = {"ok", "slow"}


def _practice(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n\n"))
    started = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        main(["practice", "--followups", "0", *args])
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err, time.perf_counter() - started


@pytest.mark.parametrize("mode", MODES)
def test_practice_under_a_fault(
    mode: str,
    fault: FaultServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault.default = mode
    code, out, err, elapsed = _practice(capsys, monkeypatch)
    assert code == (0 if mode in GRADED else 1), out + err
    assert "Traceback" not in out + err
    assert fault.count("turn") == TURNS.get(mode, 2)
    assert fault.count("grade") >= 1
    if mode in TURNS:
        assert "offline interviewer" in out
    if mode in ("stream-cut", "html"):
        assert "cut off" in out
    assert len(out) < 20_000, "a runaway reply was shown in full"
    [record] = with_store(load_settings().history_db, lambda store: store.list())
    assert record.answer == GOOD
    assert record.status == ("scored" if mode in GRADED else "unscored")
    assert elapsed < 2 * BUDGET_S + SLACK_S


def test_a_cut_off_opening_is_asked_for_again(
    fault: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fault.queue("stream-cut")
    code, out, _, _ = _practice(capsys, monkeypatch)
    assert code == 0
    assert fault.log[:2] == [("turn", "stream-cut"), ("turn", "ok")]
    assert "offline interviewer" not in out
    assert out.count("what are your career aspirations?") == 2  # the cut one, then the whole one


def test_an_unusable_history_path_stops_practice_before_it_starts(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("INTERVIEW_COACH_HISTORY_DB", str(blocker / "history.sqlite3"))
    code, out, err, _ = _practice(capsys, monkeypatch)
    assert code == 2
    assert "cannot use the history database" in err and "--no-history" in err
    assert "Traceback" not in out + err
    code, out, err, _ = _practice(capsys, monkeypatch, "--no-history")
    assert code == 0, out + err
    assert not (blocker / "history.sqlite3").exists()
