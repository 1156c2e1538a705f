"""The chat controller against every fault, with the real engines built from settings: the
answer is always saved, nothing raises, a failing interviewer is replaced by the offline one
(with a notice, as in the terminal), a grading failure retrying cannot fix offers "Continue
offline", and a failing history database never stalls the chat."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import BUDGET_S, SLACK_S
from fault_server import MODES, FaultServer
from interview_coach.config import load_settings
from interview_coach.store import HistoryStore
from interview_coach.web.engines import build_engines
from interview_coach.web.handlers import ChatController
from test_cli import GOOD
from web_fakes import FakeEngines, RecordingUI

# Requests for a failing opening; the offline interviewer then asks everything else.
PER_TURN = {"500": 3, "503": 3, "429": 2, "401": 1, "404": 1, "400-context": 1, "hang": 1}
PER_TURN |= {"reset": 1, "garbage": 1}
CUT_OFF = {"stream-cut", "html"}  # asked twice, then the offline interviewer takes over
GRADED = {"ok", "slow"}
UNFIXABLE = {"401", "404"}


def make(store: HistoryStore) -> tuple[ChatController, RecordingUI]:
    ui = RecordingUI()
    settings = load_settings(followups=0)
    return ChatController(ui, settings, store, build_engines), ui


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.sqlite3")


@pytest.mark.parametrize("mode", MODES)
async def test_chat_under_a_fault(mode: str, fault: FaultServer, store: HistoryStore) -> None:
    fault.default = mode
    controller, ui = make(store)
    started = time.perf_counter()
    await controller.start()
    await controller.message(GOOD)
    elapsed = time.perf_counter() - started
    [record] = await store.list()
    assert record.answer == GOOD
    turns = 2 if mode in CUT_OFF else PER_TURN.get(mode, 2)
    assert fault.count("turn") == turns
    assert fault.count("grade") >= 1
    if mode in GRADED:
        assert controller.phase == "graded" and ui.last("scorecard")
        assert record.status == "scored"
    else:
        assert controller.phase == "failed"
        failure = ui.shown[-1]
        assert "Retry" in failure.button_labels
        assert ("Continue offline" in failure.button_labels) == (mode in UNFIXABLE)
        assert "Your answer is kept" in failure.text
    if mode in PER_TURN:
        assert any("The AI interviewer failed" in t for t in ui.texts)
        assert any("Continuing with the offline interviewer" in t for t in ui.texts)
    if mode in CUT_OFF:
        assert any("cut off twice" in t for t in ui.texts)
    assert all("Traceback" not in t for t in ui.texts)
    assert elapsed < 3 * BUDGET_S + SLACK_S


async def test_continue_offline_after_a_rejected_key(
    fault: FaultServer, store: HistoryStore
) -> None:
    fault.default = "401"
    controller, ui = make(store)
    await controller.start()
    await controller.action("start")
    assert "career aspirations" in ui.last("streamed").text.lower()  # asked offline
    await controller.message(GOOD)
    [grade_offline] = [b for b in ui.shown[-1].buttons if b.label == "Continue offline"]
    await controller.action(grade_offline.name, grade_offline.payload)
    assert controller.phase == "graded" and ui.last("scorecard")
    assert fault.log == [("turn", "401"), ("grade", "401")]
    [record] = await store.list()
    assert record.answer == GOOD and record.status == "scored"


async def test_grading_does_not_wait_on_a_failing_closing(
    fault: FaultServer, store: HistoryStore
) -> None:
    fault.queue("ok", "500", "500", "500")  # the opening works, the closing fails 3 times
    controller, ui = make(store)
    await controller.start()
    await controller.message(GOOD)
    assert controller.phase == "graded" and ui.last("scorecard")
    assert [k for k, _ in fault.log][:5] == ["turn", "turn", "turn", "turn", "grade"]


async def test_a_history_write_failing_mid_chat_keeps_the_session_usable(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    ui = RecordingUI()
    controller = ChatController(ui, load_settings(followups=0), store, FakeEngines())
    await controller.start()
    for leftover in tmp_path.glob("history.sqlite3*"):
        leftover.unlink()
    (tmp_path / "history.sqlite3").mkdir()  # the database is gone, and cannot be recreated
    await controller.message(GOOD)
    notice = ui.last("files")
    assert "could not be saved to your history" in notice.text
    [download] = notice.files
    assert download.content == GOOD
    assert controller.phase == "graded" and ui.last("scorecard")
    await controller.action("try_again")
    await controller.message(GOOD)
    assert controller.phase == "graded"
    assert len([s for s in ui.shown if s.kind == "files"]) == 1, "the notice is shown once"
    shutil.rmtree(tmp_path / "history.sqlite3")
