"""Resuming a chat from the store (a reload, the sidebar, another instance after a crash), on
SQLite and Postgres: Chainlit's own data layer writes the thread through a mocked Chainlit
context, as the live app does, then a fresh controller resumes it from the stored thread."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chainlit_fakes import chainlit_context
from interview_coach.config import Settings
from interview_coach.rubric import CRITERION_IDS
from interview_coach.session import Phase
from interview_coach.store import HistoryStore
from interview_coach.web.data_layer import CoachDataLayer
from interview_coach.web.handlers import ChatController
from interview_coach.web.resume import REDRAWN, RESUMED_SCORING
from interview_coach.web.ui import ChainlitUI
from web_fakes import FakeEngines, RecordingUI, first_untargeted, make_report

THIN = "I want to grow and learn new things in this job."
MORE = "I like working with data and I would stay for years."


@pytest.fixture
async def layer(
    any_store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[CoachDataLayer]:
    """Our data layer installed as Chainlit's, as `@cl.data_layer` does in the app; Chainlit's
    background writes are let finish before the test's event loop closes."""
    import chainlit.data

    layer = CoachDataLayer(any_store)
    monkeypatch.setattr(chainlit.data, "_data_layer", layer)
    monkeypatch.setattr(chainlit.data, "_data_layer_initialized", True)
    yield layer
    await settled()


def controller(store: HistoryStore, user: str, thread_id: str, ui: Any = None) -> ChatController:
    return ChatController(
        ui or ChainlitUI(),
        Settings(followups=2),
        store,
        FakeEngines(),
        user=user,
        planner=first_untargeted,
        thread_id=thread_id,
    )


async def new_thread(layer: CoachDataLayer, user: str) -> str:
    """A thread owned by `user`, as Chainlit creates one at the first message."""
    from chainlit.user import User

    persisted = await layer.create_user(User(identifier=user))
    assert persisted is not None
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, user_id=persisted.id)
    return thread_id


async def settled() -> None:
    """Chainlit writes steps in background tasks: let them finish before reading the thread."""
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    if others:
        await asyncio.wait(others, timeout=10)


async def typed(layer: CoachDataLayer, thread_id: str, text: str) -> None:
    """The person's message, stored by Chainlit before `on_message` runs."""
    from chainlit.message import Message

    async with chainlit_context(thread_id):
        await Message(content=text, type="user_message").send()
    await settled()


async def stored_steps(layer: CoachDataLayer, thread_id: str) -> list[dict[str, Any]]:
    await settled()
    thread = await layer.get_thread(thread_id)
    assert thread is not None
    return [dict(s) for s in thread["steps"]]


async def test_a_graded_session_resumes_with_its_scorecard_redrawn(layer: CoachDataLayer) -> None:
    store = layer.store
    thread_id = await new_thread(layer, "alice")
    async with chainlit_context(thread_id):
        chat = controller(store, "alice", thread_id)
        await chat.start()
        await chat.action("start")
    await typed(layer, thread_id, THIN)
    async with chainlit_context(thread_id):
        await chat.message(THIN)
        await chat.action("feedback_now")
    [graded] = await store.for_thread(thread_id, "alice")
    assert graded.overall is not None

    steps = await stored_steps(layer, thread_id)
    assert any(s["type"] == "user_message" and s["output"] == THIN for s in steps)
    async with chainlit_context(thread_id) as events:
        again = controller(store, "alice", thread_id)
        from interview_coach.web.resume import resume

        await resume(again, steps)
    assert again.phase == Phase.graded and again.session.answer_text == THIN
    sent = [d["output"] for e, d in events if e == "new_message"]
    assert REDRAWN in sent and f"{graded.overall}/100" in "".join(sent)
    chart = next(d for e, d in events if e == "element")
    assert chart["type"] == "plotly"  # redrawn from the stored report, no file kept
    labels = [d["label"] for e, d in events if e == "action"]
    assert labels == ["Try again", "New session", "Export"]

    # Thumbs on the scorecard are stored with the thread.
    from chainlit.types import Feedback

    card = next(s for s in await stored_steps(layer, thread_id) if s["output"] == REDRAWN)
    await layer.upsert_feedback(Feedback(forId=card["id"], value=1, threadId=thread_id))
    stored = next(s for s in await stored_steps(layer, thread_id) if s["id"] == card["id"])
    assert stored["feedback"] is not None and stored["feedback"]["value"] == 1


@pytest.mark.parametrize("saved_before_the_crash", [False, True])
async def test_an_answer_left_without_reply_is_answered_on_resume(
    layer: CoachDataLayer, saved_before_the_crash: bool
) -> None:
    store = layer.store
    thread_id = await new_thread(layer, "alice")
    async with chainlit_context(thread_id):
        chat = controller(store, "alice", thread_id)
        await chat.start()
        await chat.action("start")
    await typed(layer, thread_id, THIN)
    async with chainlit_context(thread_id):
        await chat.message(THIN)  # answered with a follow-up
    await typed(layer, thread_id, MORE)  # ... and then the instance died
    if saved_before_the_crash:
        chat.session.submit(MORE)
        async with chainlit_context(thread_id):
            await chat._save_pending()

    ui = RecordingUI()
    again = controller(store, "alice", thread_id, ui)
    from interview_coach.web.resume import resume

    await resume(again, await stored_steps(layer, thread_id))
    assert ui.shown[-1].kind == "streamed" and "say more about" in ui.shown[-1].text
    [record] = await store.for_thread(thread_id, "alice")
    assert record.answer == THIN + "\n\n" + MORE  # once, not twice
    assert [t.kind for t in again.session.state.turns].count("followup") == 2


async def test_scoring_cut_short_by_a_crash_is_finished_on_resume(layer: CoachDataLayer) -> None:
    store = layer.store
    thread_id = await new_thread(layer, "alice")
    ui = RecordingUI()
    chat = controller(store, "alice", thread_id, ui)
    gate = chat.engines.grader.slow()  # type: ignore[attr-defined]
    await chat.start()
    await chat.action("start")
    await chat.message(THIN)
    scoring = asyncio.create_task(chat.action("feedback_now"))
    await chat.engines.grader.started.wait()  # type: ignore[attr-defined]
    scoring.cancel()  # the instance died while scoring
    gate.set()
    await asyncio.gather(scoring, return_exceptions=True)
    steps = [
        {"type": "assistant_message", "output": t.text, "createdAt": str(i)}
        for i, t in enumerate(chat.session.state.turns)
    ]
    again_ui = RecordingUI()
    again = controller(store, "alice", thread_id, again_ui)
    from interview_coach.web.resume import resume

    await resume(again, steps)
    assert RESUMED_SCORING in again_ui.texts and again_ui.shown[-1].kind == "scorecard"
    [record] = await store.for_thread(thread_id, "alice")
    assert record.status == "scored"


async def test_another_user_resuming_the_thread_gets_nothing_of_it(layer: CoachDataLayer) -> None:
    store = layer.store
    thread_id = await new_thread(layer, "alice")
    await store.save_pending(
        user="alice",
        context=controller(store, "alice", thread_id).options.context,
        transcript=[],
        answer=THIN,
        engine=make_report(dict.fromkeys(CRITERION_IDS, 3)).engine,
        thread_id=thread_id,
    )
    ui = RecordingUI()
    mallory = controller(store, "mallory", thread_id, ui)
    from interview_coach.web.resume import resume

    await resume(mallory, await stored_steps(layer, thread_id))
    assert mallory.session.answer_text == "" and THIN not in " ".join(ui.texts)


async def test_deleting_a_thread_in_the_sidebar_deletes_its_attempts(
    layer: CoachDataLayer,
) -> None:
    store = layer.store
    thread_id = await new_thread(layer, "alice")
    keep = await new_thread(layer, "alice")
    for thread in (thread_id, keep):
        chat = controller(store, "alice", thread, RecordingUI())
        await chat.start()
        await chat.action("start")
        await chat.message(THIN)
    await layer.delete_thread(thread_id)
    assert await layer.get_thread(thread_id) is None
    assert await store.for_thread(thread_id, "alice") == []
    assert len(await store.for_thread(keep, "alice")) == 1


async def test_delete_all_my_data_asks_first_and_then_leaves_nothing(
    layer: CoachDataLayer,
) -> None:
    store = layer.store
    thread_id = await new_thread(layer, "alice")
    ui = RecordingUI()
    chat = controller(store, "alice", thread_id, ui)
    await chat.start()
    await chat.action("start")
    await chat.message(THIN)
    await chat.action("confirm_delete_all")  # forged: never asked
    assert len(await store.list("alice")) == 1
    await chat.action("delete_my_data")
    assert ui.shown[-1].button_labels == ["Yes, delete everything", "No, keep it"]
    await chat.action("cancel_delete_all")
    assert len(await store.list("alice")) == 1 and ui.texts[-1] == "Nothing deleted."
    await chat.action("delete_my_data")
    await chat.action("confirm_delete_all")
    assert "Deleted 1 session(s) and 1 attempt(s)" in ui.texts[-1]
    assert await store.list("alice") == [] and await layer.get_thread(thread_id) is None
    assert await layer.get_user("alice") is None
