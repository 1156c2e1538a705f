"""Item 2: each action checks its target: a saved answer must be this user's, offered in this
chat and still ungraded; graded history cannot be discarded; a malformed payload is one warning
line in the log, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from interview_coach.config import Settings
from interview_coach.models import InterviewContext, Speaker, Turn
from interview_coach.rubric import CRITERION_IDS
from interview_coach.store import HistoryStore
from interview_coach.web.handlers import ChatController
from web_fakes import OFFLINE, FakeEngines, RecordingUI, first_untargeted, make_report

ANSWER = "I want to grow and learn new things in this job, then lead a small analytics team."


def _chat(store: HistoryStore, user: str = "local") -> tuple[ChatController, RecordingUI]:
    ui = RecordingUI()
    controller = ChatController(
        ui, Settings(followups=0), store, FakeEngines(), user=user, planner=first_untargeted
    )
    return controller, ui


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.sqlite3")


async def _graded_and_pending(store: HistoryStore) -> tuple[int, int]:
    """One graded attempt, then one saved but ungraded (the browser went away)."""
    turns = [Turn(speaker=Speaker.candidate, kind="answer", text=ANSWER)]
    saved = {"context": InterviewContext(), "transcript": turns, "engine": OFFLINE}
    graded = await store.save_pending(user="local", answer=ANSWER, **saved)  # type: ignore[arg-type]
    scores = dict.fromkeys(CRITERION_IDS, 3)
    await store.complete(graded, make_report(scores, ANSWER), turns)
    pending = await store.save_pending(user="local", answer=ANSWER, **saved)  # type: ignore[arg-type]
    return graded, pending


async def test_discard_never_deletes_graded_history(store: HistoryStore) -> None:
    graded, pending = await _graded_and_pending(store)
    controller, ui = _chat(store)
    await controller.start()  # offers the pending one
    for record_id in (graded, pending + 1, pending + 2):  # the attack: discard ids 1-3
        await controller.action("discard_saved", {"id": record_id})
        assert "nothing discarded" in ui.shown[-1].text
    assert (
        await store.get(graded, "local") is not None
        and await store.get(pending, "local") is not None
    )
    await controller.action("discard_saved", {"id": pending})
    assert (
        await store.get(pending, "local") is None
        and ui.shown[-1].text == "Discarded the saved answer."
    )


async def test_grade_saved_only_for_the_answer_this_chat_offered(store: HistoryStore) -> None:
    graded, pending = await _graded_and_pending(store)
    controller, ui = _chat(store)
    await controller.action("grade_saved", {"id": pending})  # never offered in this chat
    assert "no longer waiting" in ui.shown[-1].text
    await controller.action("grade_saved", {"id": graded})
    assert "no longer waiting" in ui.shown[-1].text
    assert (await store.get(pending, "local")).outcome is None  # type: ignore[union-attr]


async def test_another_users_answer_is_never_a_target(store: HistoryStore) -> None:
    _, pending = await _graded_and_pending(store)
    mallory, _ui = _chat(store, user="mallory")
    await mallory.start()
    mallory.offered.add(pending)  # even if the id were somehow offered
    await mallory.action("discard_saved", {"id": pending})
    await mallory.action("grade_saved", {"id": pending})
    assert await store.get(pending, "local") is not None
    assert (await store.get(pending, "local")).outcome is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "payload",
    [{"id": "1; DROP TABLE"}, {"id": None}, {"id": [1]}, {"id": True}, {"id": 10**30}, {}, "x", 7],
)
async def test_malformed_payload_is_one_warning_line(
    store: HistoryStore, caplog: pytest.LogCaptureFixture, payload: object
) -> None:
    controller, _ui = _chat(store)
    await controller.start()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for action in ("grade_saved", "discard_saved"):
            await controller.action(action, payload)  # type: ignore[arg-type]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 2
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in warnings)
    assert controller.phase == "answering"  # nothing happened
